//go:build tools

// Package tools pins the upstream commands this module builds, so that go.mod and go.sum record them.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
