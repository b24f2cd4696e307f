package dev.modeldeploy.health;

import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.cache.ManagedObjects;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.Owner;
import dev.modeldeploy.render.RenderedManifest;
import dev.modeldeploy.sync.common.DesiredState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The status of every deployment and route Git declares, from the live objects: Knative Services and
 * VirtualServices from the cache, each deployment's latest ready Revision through a {@link RevisionLookup}. An owner that failed validation is Failed with its error, with
 * the URL and revision of the last good version that keeps serving.
 */
public final class HealthReader {
    private final LiveObjectCache cache;
    private final RevisionLookup revisions;

    /** For one-shot use: each Revision is read from the API server. */
    public HealthReader(KubernetesClient client, LiveObjectCache cache) {
        this(cache, RevisionLookup.direct(client, cache.namespace()));
    }

    public HealthReader(LiveObjectCache cache, RevisionLookup revisions) {
        this.cache = cache;
        this.revisions = revisions;
    }

    /**
     * @param appliedCommits owner → commit whose version is live (ReconcileEngine.appliedCommits())
     * @param routeTargets   route id → ids of the deployments it sends traffic to
     */
    public List<ManifestStatus> statuses(DesiredState desired, Map<Owner, String> appliedCommits,
                                         Map<String, List<String>> routeTargets, Instant now) {
        Set<Owner> owners = new LinkedHashSet<>(desired.allOwnersInGit());
        desired.rendered().stream().map(RenderedManifest::owner).forEach(owners::add);
        owners.addAll(desired.failedOwners().keySet());

        Map<Owner, GenericKubernetesResource> services = new HashMap<>();
        Map<Owner, GenericKubernetesResource> virtualServices = new HashMap<>();
        for (GenericKubernetesResource object : cache.all()) {
            Owner owner = ManagedObjects.owner(object);
            if (owner == null) {
                continue;
            }
            if (is(object, ManagedKind.KNATIVE_SERVICE)) {
                services.put(owner, object);
            } else if (is(object, ManagedKind.VIRTUAL_SERVICE)) {
                virtualServices.put(owner, object);
            }
        }

        Map<String, ManifestStatus> deployments = new HashMap<>();
        List<ManifestStatus> result = new ArrayList<>();
        for (Owner owner : owners) {
            if (!KnativeHealth.KIND.equals(owner.kind())) {
                continue;
            }
            GenericKubernetesResource service = services.get(owner);
            ManifestStatus status = KnativeHealth.evaluate(owner.id(), service, latestRevision(service),
                    appliedCommits.get(owner), desired.commit(), now);
            status = withValidationFailure(status, desired.failedOwners().get(owner));
            deployments.put(owner.id(), status);
            result.add(status);
        }
        for (Owner owner : owners) {
            if (!RouteHealth.KIND.equals(owner.kind())) {
                continue;
            }
            ManifestStatus status = RouteHealth.evaluate(owner.id(), virtualServices.get(owner),
                    routeTargets.getOrDefault(owner.id(), List.of()), deployments, appliedCommits.get(owner),
                    desired.commit(), now);
            result.add(withValidationFailure(status, desired.failedOwners().get(owner)));
        }
        result.sort(Comparator.comparing(ManifestStatus::kind).thenComparing(ManifestStatus::id));
        return result;
    }

    private static ManifestStatus withValidationFailure(ManifestStatus status, String error) {
        if (error == null) {
            return status;
        }
        String serving = status.latestReadyRevision() != null
                ? "; the last applied version keeps serving (revision " + status.latestReadyRevision() + ")"
                : "";
        return new ManifestStatus(status.kind(), status.id(), State.Failed, error + serving, status.url(),
                status.replicas(), status.availableReplicas(), status.latestReadyRevision(), status.commitApplied(),
                status.commitSeen(), status.lastUpdated());
    }

    private GenericKubernetesResource latestRevision(GenericKubernetesResource service) {
        if (service == null || service.getAdditionalProperties().get("status") == null) {
            return null;
        }
        Object status = service.getAdditionalProperties().get("status");
        Object name = status instanceof Map<?, ?> map ? map.get("latestReadyRevisionName") : null;
        if (!(name instanceof String revisionName) || revisionName.isBlank()) {
            return null;
        }
        return revisions.get(revisionName);
    }

    private static boolean is(GenericKubernetesResource object, ManagedKind kind) {
        return kind.kind().equals(object.getKind()) && kind.apiVersion().equals(object.getApiVersion());
    }
}
