package dev.modeldeploy.cache;

import dev.modeldeploy.render.ManagedLabels;
import dev.modeldeploy.render.Owner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/** Reads modeldeploy's labels and annotations off a live object. */
public final class ManagedObjects {
    public static final String DEPLOYMENT = "ModelDeployment";
    public static final String ROUTE = "ModelRoute";

    private ManagedObjects() {
    }

    public static boolean isManaged(HasMetadata resource) {
        return ManagedLabels.MANAGED_BY_VALUE.equals(labels(resource).get(ManagedLabels.MANAGED_BY));
    }

    /** The manifest an object belongs to, from its deployment-id or route-id label; null when it has neither. */
    public static Owner owner(HasMetadata resource) {
        Map<String, String> labels = labels(resource);
        String deployment = labels.get(ManagedLabels.DEPLOYMENT_ID);
        if (deployment != null && !deployment.isBlank()) {
            return new Owner(DEPLOYMENT, deployment);
        }
        String route = labels.get(ManagedLabels.ROUTE_ID);
        if (route != null && !route.isBlank()) {
            return new Owner(ROUTE, route);
        }
        return null;
    }

    /** The label that names an owner of this kind. */
    public static String ownerLabel(Owner owner) {
        return ROUTE.equals(owner.kind()) ? ManagedLabels.ROUTE_ID : ManagedLabels.DEPLOYMENT_ID;
    }

    public static String sourceFile(HasMetadata resource) {
        Map<String, String> annotations = resource.getMetadata() == null ? null : resource.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ManagedLabels.SOURCE_FILE);
    }

    private static Map<String, String> labels(HasMetadata resource) {
        Map<String, String> labels = resource.getMetadata() == null ? null : resource.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
