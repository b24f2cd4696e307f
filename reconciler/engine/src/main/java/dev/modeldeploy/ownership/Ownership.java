package dev.modeldeploy.ownership;

import dev.modeldeploy.render.ManagedLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/** Whose a live object labelled managed-by=modeldeploy is, seen from one install. */
public enum Ownership {
    /** Carries this install's identity: listed, healed and pruned by it. */
    OURS,
    /** Applied by a modeldeploy from before identities: adopted by the install whose Git declares it, else left alone. */
    UNCLAIMED,
    /** Carries another install's identity: never changed or deleted. */
    ANOTHER_INSTALL;

    public static Ownership of(HasMetadata object, InstanceId us) {
        String instance = instanceOf(object);
        if (instance == null || instance.isEmpty()) {
            return UNCLAIMED;
        }
        return instance.equals(us.value()) ? OURS : ANOTHER_INSTALL;
    }

    /** The identity label's value, or null. */
    public static String instanceOf(HasMetadata object) {
        Map<String, String> labels = object.getMetadata() == null ? null : object.getMetadata().getLabels();
        return labels == null ? null : labels.get(ManagedLabels.INSTANCE);
    }
}
