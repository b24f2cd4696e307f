package dev.modeldeploy.render;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.manifest.ModelRoute;
import java.util.Optional;

/** The kind of manifest that owns rendered objects; JSON, status files and logs spell it as the manifest does. */
public enum OwnerKind {
    MODEL_DEPLOYMENT(ModelDeployment.KIND),
    MODEL_ROUTE(ModelRoute.KIND);

    private final String manifestKind;

    OwnerKind(String manifestKind) {
        this.manifestKind = manifestKind;
    }

    /** The kind as a manifest's {@code kind:} field writes it, e.g. ModelDeployment. */
    @JsonValue
    public String manifestKind() {
        return manifestKind;
    }

    /** The owner kind a manifest's {@code kind:} text names; empty for any other text, including null. */
    public static Optional<OwnerKind> find(String manifestKind) {
        for (OwnerKind kind : values()) {
            if (kind.manifestKind.equals(manifestKind)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    public static OwnerKind parse(String manifestKind) {
        return find(manifestKind).orElseThrow(() -> new IllegalArgumentException("not a manifest kind: " + manifestKind + " (expected "
                + ModelDeployment.KIND + " or " + ModelRoute.KIND + ")"));
    }

    @Override
    public String toString() {
        return manifestKind;
    }
}
