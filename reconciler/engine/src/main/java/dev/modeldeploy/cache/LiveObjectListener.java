package dev.modeldeploy.cache;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** Told of every change the watches see on a managed object; now is null when the object was deleted. */
@FunctionalInterface
public interface LiveObjectListener {
    void changed(ObjectKey key, GenericKubernetesResource now);
}
