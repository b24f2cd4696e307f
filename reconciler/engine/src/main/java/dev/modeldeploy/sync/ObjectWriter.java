package dev.modeldeploy.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.cache.ManagedObjects;
import dev.modeldeploy.cache.ObjectKey;
import dev.modeldeploy.diff.LastApplied;
import dev.modeldeploy.diff.ObjectDiff;
import dev.modeldeploy.diff.ThreeWayDiff;
import dev.modeldeploy.metrics.ReconcileMetrics;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.ManagedLabels;
import dev.modeldeploy.render.Owner;
import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSetEntry;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, patches and deletes single objects, retrying API errors with capped exponential backoff: a 409
 * conflict or a 404 on an object we thought was there re-reads the object and decides again; 5xx, 429 and
 * connection failures are simply retried; other client errors fail at once. Every outcome becomes one change
 * set entry; nothing here throws for one object's failure.
 */
final class ObjectWriter {
    private static final Logger log = LoggerFactory.getLogger(ObjectWriter.class);
    private static final int MAX_REASON_LENGTH = 300;
    /** The field manager of server-side apply, as it appears in managedFields. */
    static final String FIELD_MANAGER = "modeldeploy";

    private final KubernetesClient client;
    private final LiveObjectCache cache;
    private final RetryPolicy retry;
    private final ReconcileMetrics metrics;
    private final boolean serverSideApply;
    private final WriteFence fence;
    /**
     * Objects known to match: the desired annotation and the live resourceVersion at which the diff was last
     * found empty. The diff is a function of the two alone, so while neither changes it need not run again; this
     * keeps a cycle over thousands of unchanged objects cheap.
     */
    private final Map<ObjectKey, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(String annotation, String resourceVersion) {
    }

    ObjectWriter(KubernetesClient client, LiveObjectCache cache, RetryPolicy retry, ReconcileMetrics metrics,
                 boolean serverSideApply, WriteFence fence) {
        this.client = client;
        this.fence = fence;
        this.serverSideApply = serverSideApply;
        this.cache = cache;
        this.retry = retry;
        this.metrics = metrics;
    }

    ChangeSetEntry apply(PlannedObject planned) {
        GenericKubernetesResource live = cache.get(planned.key()).orElse(null);
        boolean reread = false;
        RuntimeException lastError = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            try {
                if (reread) {
                    live = api(planned.kind()).withName(planned.key().name()).get();
                    reread = false;
                }
                return live == null ? create(planned) : update(planned, live);
            } catch (KubernetesClientException e) {
                lastError = e;
                int code = e.getCode();
                if (code == 404 && live == null) {
                    return failed(planned, "the API server does not serve " + planned.key().apiVersion() + " "
                            + planned.key().kind() + " (is its CRD installed?): " + describe(e));
                }
                if (code == 409 || code == 404) {
                    reread = true;
                } else if (!retryable(code)) {
                    return failed(planned, describe(e));
                }
                log.debug("attempt {} on {} failed: {}", attempt, planned.key(), describe(e));
                if (attempt < retry.maxAttempts()) {
                    pause(attempt);
                }
            }
        }
        return failed(planned, "gave up after " + retry.maxAttempts() + " attempts: " + describe(lastError));
    }

    ChangeSetEntry delete(GenericKubernetesResource live) {
        ObjectKey key = ObjectKey.of(live);
        Owner owner = ManagedObjects.owner(live);
        ManagedKind kind = ManagedKind.of(key.apiVersion(), key.kind());
        RuntimeException lastError = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            try {
                fence.check();
                // a 404 comes back as an empty list, not an error: gone is what we wanted
                api(kind).withName(key.name()).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                cache.recordDelete(key);
                verified.remove(key);
                log.info("deleted {} of {}", key, owner);
                return entry(owner, key, Action.DELETED, "no longer in Git");
            } catch (KubernetesClientException e) {
                lastError = e;
                if (!retryable(e.getCode())) {
                    break;
                }
                if (attempt < retry.maxAttempts()) {
                    pause(attempt);
                }
            }
        }
        String reason = "delete failed: " + describe(lastError);
        log.warn("failed to delete {} of {}: {}", key, owner, reason);
        return entry(owner, key, Action.FAILED, reason);
    }

    private ChangeSetEntry create(PlannedObject planned) {
        GenericKubernetesResource body = toResource(planned.desired().body());
        fence.check();
        GenericKubernetesResource created = serverSideApply
                ? api(planned.kind()).resource(body).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply()
                : api(planned.kind()).resource(body).create();
        cache.recordWrite(created);
        rememberIfMatching(planned, created);
        log.info("created {} of {}", planned.key(), planned.owner());
        return entry(planned.owner(), planned.key(), Action.CREATED, null);
    }

    /**
     * What a cycle would do with this object, without writing: for a standby replica, which shows the same state
     * as the leader but may not write.
     */
    ChangeSetEntry preview(PlannedObject planned) {
        GenericKubernetesResource live = cache.get(planned.key()).orElse(null);
        if (live == null) {
            return entry(planned.owner(), planned.key(), Action.CREATED, "not applied yet");
        }
        Verdict verdict = judge(planned, live);
        return verdict.settled() != null ? verdict.settled()
                : entry(planned.owner(), planned.key(), Action.CONFIGURED, "not applied yet: " + verdict.diff().summary());
    }

    /** Either the entry for an object that needs no write (or must not get one), or the diff to send. */
    private record Verdict(ChangeSetEntry settled, ObjectDiff diff) {
    }

    private Verdict judge(PlannedObject planned, GenericKubernetesResource live) {
        if (!ManagedObjects.isManaged(live)) {
            String reason = "an object of this name exists without the label " + ManagedLabels.MANAGED_BY + "="
                    + ManagedLabels.MANAGED_BY_VALUE + "; modeldeploy never changes objects it does not manage";
            return new Verdict(entry(planned.owner(), planned.key(), Action.SKIPPED, reason), null);
        }
        Owner liveOwner = ManagedObjects.owner(live);
        if (liveOwner != null && !liveOwner.equals(planned.owner())) {
            return new Verdict(failed(planned, "the name is taken by an object of " + liveOwner), null);
        }
        if (knownToMatch(planned, live)) {
            return new Verdict(entry(planned.owner(), planned.key(), Action.UNCHANGED, null), null);
        }
        ObjectDiff diff = diff(planned, live);
        if (diff.isEmpty()) {
            remember(planned, live);
            return new Verdict(entry(planned.owner(), planned.key(), Action.UNCHANGED, null), null);
        }
        return new Verdict(null, diff);
    }

    private ChangeSetEntry update(PlannedObject planned, GenericKubernetesResource live) {
        Verdict verdict = judge(planned, live);
        if (verdict.settled() != null) {
            if (verdict.settled().action() == Action.SKIPPED) {
                log.warn("skipped {} of {}: {}", planned.key(), planned.owner(), verdict.settled().reason());
            }
            return verdict.settled();
        }
        ObjectDiff diff = verdict.diff();
        fence.check();
        GenericKubernetesResource patched = serverSideApply
                // the whole desired object: the server drops fields only our manager set and we no longer send
                ? api(planned.kind()).resource(toResource(planned.desired().body())).fieldManager(FIELD_MANAGER)
                        .forceConflicts().serverSideApply()
                : api(planned.kind()).withName(planned.key().name())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), diff.patch().toString());
        cache.recordWrite(patched);
        rememberIfMatching(planned, patched);
        String summary = diff.summary();
        if (diff.healsDrift()) {
            metrics.driftCorrected(planned.key().kind());
            log.info("drift healed on {} of {}: {} set back to Git", planned.key(), planned.owner(),
                    String.join(", ", diff.driftedFields()));
        }
        log.info("configured {} of {}: {}", planned.key(), planned.owner(), summary);
        return entry(planned.owner(), planned.key(), Action.CONFIGURED, summary.isEmpty() ? null : summary);
    }

    /** Whether this live version was already found to match this desired object. */
    boolean knownToMatch(PlannedObject planned, GenericKubernetesResource live) {
        Verified known = verified.get(planned.key());
        return known != null && known.annotation().equals(planned.desired().annotation())
                && live.getMetadata() != null && known.resourceVersion().equals(live.getMetadata().getResourceVersion());
    }

    static ObjectDiff diff(PlannedObject planned, GenericKubernetesResource live) {
        JsonNode liveTree = Serialization.jsonMapper().valueToTree(live);
        return ThreeWayDiff.compute(LastApplied.read(liveTree, planned.desired()), planned.desired().body(), liveTree);
    }

    private void remember(PlannedObject planned, GenericKubernetesResource live) {
        String version = live.getMetadata() == null ? null : live.getMetadata().getResourceVersion();
        if (version != null) {
            verified.put(planned.key(), new Verified(planned.desired().annotation(), version));
        }
    }

    /**
     * Checks the server's answer to a write against Git. A difference means the server or an admission webhook
     * changed a field Git sets; then nothing is remembered and the next cycle sets the field again.
     */
    private void rememberIfMatching(PlannedObject planned, GenericKubernetesResource written) {
        verified.remove(planned.key());
        if (written != null && diff(planned, written).isEmpty()) {
            remember(planned, written);
        } else {
            log.debug("{} differs from Git right after being written (defaulted or mutated by the server)", planned.key());
        }
    }

    private ChangeSetEntry failed(PlannedObject planned, String reason) {
        log.warn("failed {} of {}: {}", planned.key(), planned.owner(), reason);
        return entry(planned.owner(), planned.key(), Action.FAILED, reason);
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> api(ManagedKind kind) {
        return client.genericKubernetesResources(LiveObjectCache.context(kind)).inNamespace(cache.namespace());
    }

    private void pause(int attempt) {
        try {
            Thread.sleep(retry.backoffAfter(attempt).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }

    /** Server errors, throttling, timeouts and connection failures (code 0) may pass; other client errors will not. */
    private static boolean retryable(int code) {
        return code == 0 || code == 408 || code == 409 || code == 429 || code >= 500;
    }

    private static GenericKubernetesResource toResource(JsonNode body) {
        return Serialization.jsonMapper().convertValue(body, GenericKubernetesResource.class);
    }

    private static ChangeSetEntry entry(Owner owner, ObjectKey key, Action action, String reason) {
        return new ChangeSetEntry(owner, key.apiVersion(), key.kind(), key.name(), action, reason);
    }

    /** The server's status message (or the client's), without request bodies, cut to a readable length. */
    static String describe(RuntimeException e) {
        if (e == null) {
            return "unknown error";
        }
        String text;
        if (e instanceof KubernetesClientException k) {
            String message = k.getStatus() != null && k.getStatus().getMessage() != null
                    ? k.getStatus().getMessage() : messageOf(k);
            text = (k.getCode() > 0 ? "HTTP " + k.getCode() + ": " : "") + message;
        } else {
            text = messageOf(e);
        }
        return text.length() > MAX_REASON_LENGTH ? text.substring(0, MAX_REASON_LENGTH) + "…" : text;
    }

    private static String messageOf(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return root == e ? message : message + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
