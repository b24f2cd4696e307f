package dev.modeldeploy.sync;

/** The API servers the engine's behaviour tests run on: every such test runs on both. */
public enum ServerKind {
    /** fabric8's mock server in CRUD mode, as `modeldeploy run` embeds it; writes seen by an {@link dev.modeldeploy.cluster.ApiRecorder}. */
    EMBEDDED,
    /** kube-apiserver with etcd (testenv/), the vendored CRDs installed; writes counted from its audit log. */
    REAL
}
