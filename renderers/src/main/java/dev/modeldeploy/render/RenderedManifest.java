package dev.modeldeploy.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;

/** The objects one manifest needs in the cluster, in apply order, each carrying the managed labels. */
public record RenderedManifest(Owner owner, String sourceFile, List<GenericKubernetesResource> objects) {
}
