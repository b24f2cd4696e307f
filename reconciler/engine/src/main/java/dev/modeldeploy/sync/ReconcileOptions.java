package dev.modeldeploy.sync;

import dev.modeldeploy.ownership.InstanceId;

/**
 * How a reconcile cycle behaves.
 *
 * @param prune          delete managed objects Git no longer declares
 * @param maxDeleteShare the prune brake: never delete the objects of more than this share of the managed owners
 *                       (deployments and routes) live in one cycle; deleting a single owner is always allowed
 * @param allowEmpty     let a Git folder with no manifests at all delete every managed object
 * @param retry          backoff for API errors on one object
 * @param parallelism    objects of one apply-order tier written at once
 * @param instance       this install's identity: stamped on every object it applies, and the only objects it lists,
 *                       heals and prunes
 * @param serverSideApply write with server-side apply (field manager "modeldeploy", conflicts forced) instead of
 *                       create + JSON merge patch; for real clusters (fabric8's mock server cannot do it). The
 *                       three-way diff still decides whether anything is written, so an unchanged cycle stays free.
 */
public record ReconcileOptions(boolean prune, double maxDeleteShare, boolean allowEmpty, RetryPolicy retry, int parallelism,
                               boolean serverSideApply, InstanceId instance) {

    /** For tests and tools; the daemon and the CLI always name their instance. */
    public static final ReconcileOptions DEFAULT = new ReconcileOptions(true, 0.5, false, RetryPolicy.DEFAULT, 4, false,
            new InstanceId("default"));

    public ReconcileOptions {
        if (maxDeleteShare < 0 || maxDeleteShare > 1) {
            throw new IllegalArgumentException("maxDeleteShare must be within 0..1, was " + maxDeleteShare);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        java.util.Objects.requireNonNull(instance, "instance");
    }

    public ReconcileOptions withPrune(boolean value) {
        return new ReconcileOptions(value, maxDeleteShare, allowEmpty, retry, parallelism, serverSideApply, instance);
    }

    public ReconcileOptions withMaxDeleteShare(double value) {
        return new ReconcileOptions(prune, value, allowEmpty, retry, parallelism, serverSideApply, instance);
    }

    public ReconcileOptions withAllowEmpty(boolean value) {
        return new ReconcileOptions(prune, maxDeleteShare, value, retry, parallelism, serverSideApply, instance);
    }

    public ReconcileOptions withRetry(RetryPolicy value) {
        return new ReconcileOptions(prune, maxDeleteShare, allowEmpty, value, parallelism, serverSideApply, instance);
    }

    public ReconcileOptions withParallelism(int value) {
        return new ReconcileOptions(prune, maxDeleteShare, allowEmpty, retry, value, serverSideApply, instance);
    }

    public ReconcileOptions withInstance(InstanceId value) {
        return new ReconcileOptions(prune, maxDeleteShare, allowEmpty, retry, parallelism, serverSideApply, value);
    }

    public ReconcileOptions withServerSideApply(boolean value) {
        return new ReconcileOptions(prune, maxDeleteShare, allowEmpty, retry, parallelism, value, instance);
    }
}
