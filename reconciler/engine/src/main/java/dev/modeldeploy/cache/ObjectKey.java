package dev.modeldeploy.cache;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Identifies an object within the one namespace modeldeploy manages. */
public record ObjectKey(String apiVersion, String kind, String name) {

    public static ObjectKey of(HasMetadata resource) {
        return new ObjectKey(resource.getApiVersion(), resource.getKind(), resource.getMetadata().getName());
    }

    public static ObjectKey of(GenericKubernetesResource resource) {
        return new ObjectKey(resource.getApiVersion(), resource.getKind(), resource.getMetadata().getName());
    }

    @Override
    public String toString() {
        return kind + "/" + name + " (" + apiVersion + ")";
    }
}
