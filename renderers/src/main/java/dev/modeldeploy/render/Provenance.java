package dev.modeldeploy.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an object comes from. Every object rendered for one manifest carries the same namespace, managed labels and
 * provenance annotations, so the reconciler can find, own and prune exactly its own objects. commit may be null
 * (unknown), and then the source-commit annotation is left out.
 */
public record Provenance(Owner owner, String namespace, String sourceFile, String commit) {
    public static final String APP_NAME = "app.kubernetes.io/name";

    public Map<String, String> labels() {
        Map<String, String> labels = new TreeMap<>();
        labels.put(ManagedLabels.MANAGED_BY, ManagedLabels.MANAGED_BY_VALUE);
        labels.put(idLabel(), owner.id());
        labels.put(APP_NAME, owner.id());
        return labels;
    }

    /** modeldeploy.dev/deployment-id for a ModelDeployment, modeldeploy.dev/route-id for a ModelRoute. */
    public String idLabel() {
        return owner.kind() == OwnerKind.MODEL_ROUTE ? ManagedLabels.ROUTE_ID : ManagedLabels.DEPLOYMENT_ID;
    }

    public Map<String, String> annotations() {
        Map<String, String> annotations = new TreeMap<>();
        if (sourceFile != null && !sourceFile.isEmpty()) {
            annotations.put(ManagedLabels.SOURCE_FILE, sourceFile);
        }
        if (commit != null && !commit.isEmpty()) {
            annotations.put(ManagedLabels.SOURCE_COMMIT, commit);
        }
        return annotations;
    }

    /** A new object of the kind with this provenance's metadata; the caller adds the body. */
    public GenericKubernetesResource newObject(ManagedKind kind, String name, Map<String, String> extraLabels) {
        Map<String, String> labels = labels();
        labels.putAll(extraLabels);
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(namespace);
        meta.setLabels(labels);
        Map<String, String> annotations = annotations();
        if (!annotations.isEmpty()) {
            meta.setAnnotations(annotations);
        }
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion(kind.apiVersion());
        object.setKind(kind.kind());
        object.setMetadata(meta);
        return object;
    }

    public GenericKubernetesResource newObject(ManagedKind kind, String name) {
        return newObject(kind, name, Map.of());
    }
}
