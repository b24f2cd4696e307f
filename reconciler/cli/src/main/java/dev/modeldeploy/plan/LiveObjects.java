package dev.modeldeploy.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.cache.ManagedObjects;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.ManagedLabels;
import dev.modeldeploy.render.Owner;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects modeldeploy manages in one namespace, read once (no informers: a plan is a single look), grouped by
 * the manifest their labels name. Objects labelled managed-by modeldeploy without an owner label are not ours to
 * change and are left out, as the daemon leaves them.
 */
final class LiveObjects {
    /** What was found; notes name kinds the cluster does not serve (their objects count as absent). */
    record Listing(Map<Owner, PlanBuilder.ManifestObjects> byOwner, List<String> notes) {
    }

    private LiveObjects() {
    }

    static Listing list(KubernetesClient client, String namespace, String repositoryPrefix) throws PlanException {
        Map<Owner, List<ObjectNode>> objects = new LinkedHashMap<>();
        Map<Owner, String> sourceFiles = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (ManagedKind kind : ManagedKind.ALL) {
            List<GenericKubernetesResource> items;
            try {
                items = client.genericKubernetesResources(LiveObjectCache.context(kind)).inNamespace(namespace)
                        .withLabel(ManagedLabels.MANAGED_BY, ManagedLabels.MANAGED_BY_VALUE).list().getItems();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    notes.add("the cluster does not serve " + kind.apiVersion() + " " + kind.kind()
                            + "; such objects count as absent");
                    continue;
                }
                throw new PlanException("cannot list " + kind.apiVersion() + " " + kind.kind() + " in namespace "
                        + namespace + " at " + client.getMasterUrl() + ": " + e.getMessage());
            }
            for (GenericKubernetesResource item : items) {
                Owner owner = ManagedObjects.owner(item);
                if (owner == null) {
                    continue;
                }
                objects.computeIfAbsent(owner, o -> new ArrayList<>()).add(ObjectTrees.tree(item));
                String file = ManagedObjects.sourceFile(item);
                if (file != null) {
                    sourceFiles.putIfAbsent(owner, repositoryPrefix + file);
                }
            }
        }
        Map<Owner, PlanBuilder.ManifestObjects> byOwner = new LinkedHashMap<>();
        objects.forEach((owner, list) -> byOwner.put(owner, new PlanBuilder.ManifestObjects(sourceFiles.get(owner), list)));
        return new Listing(byOwner, notes);
    }
}
