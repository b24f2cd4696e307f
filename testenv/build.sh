#!/usr/bin/env bash
# Builds the upstream servers the tests run (etcd, kube-apiserver, kubectl) into testenv/bin from the Go modules
# pinned in go.mod/go.sum. Skips the build when every binary is newer than the module files, so a second run
# costs nothing; Go's own build cache makes a rebuild after a change to go.mod cheap too.
set -euo pipefail
cd "$(dirname "$0")"
binaries=(bin/etcd bin/kube-apiserver bin/kubectl)
fresh=true
for binary in "${binaries[@]}"; do
  if [ ! -x "$binary" ] || [ -n "$(find go.mod go.sum cmd -newer "$binary" -type f -print -quit)" ]; then
    fresh=false
  fi
done
if $fresh; then
  echo "testenv: etcd, kube-apiserver and kubectl are up to date in $(pwd)/bin" >&2
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "testenv: go is not on the PATH; install Go 1.26 to build the test servers" >&2
  exit 3
fi
echo "testenv: building etcd, kube-apiserver and kubectl from the Go modules (the first build takes several minutes)..." >&2
start=$(date +%s)
mkdir -p bin
# -mod=mod is not used: go.sum must already hold every checksum, so nothing unpinned is downloaded.
go build -o bin/ ./cmd/etcd k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl
touch "${binaries[@]}"
echo "testenv: built in $(( $(date +%s) - start )) s" >&2
