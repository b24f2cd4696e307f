package dev.modeldeploy.manifest;

import java.util.Map;
import java.util.Optional;

/**
 * ODAHU's kinds besides ModelDeployment and ModelRoute (the kinds its CLI's bulk files hold, odahu-flow 1.6.1
 * sdk/root_models.py). Files exported from an ODAHU installation mix them in, so they are skipped with a warning
 * instead of failing the file; a kind that ODAHU does not know either stays an error.
 */
final class OdahuKinds {
    private static final String TRAIN_OR_PACKAGE = "modeldeploy deploys models; it does not train or package";
    private static final Map<String, String> REASONS = Map.of(
            "Connection", TRAIN_OR_PACKAGE + " (a private registry for imagePullConnID is a docker-registry Secret)",
            "ToolchainIntegration", TRAIN_OR_PACKAGE,
            "PackagingIntegration", TRAIN_OR_PACKAGE,
            "ModelTraining", TRAIN_OR_PACKAGE,
            "ModelPackaging", TRAIN_OR_PACKAGE,
            "InferenceService", "modeldeploy deploys models as online services; it does not run batch inference",
            "InferenceJob", "modeldeploy deploys models as online services; it does not run batch inference");

    private OdahuKinds() {
    }

    /** Why a document of this kind is skipped, or empty when it is not one of ODAHU's other kinds. */
    static Optional<String> skipReason(String kind) {
        String reason = kind == null ? null : REASONS.get(kind);
        return reason == null ? Optional.empty() : Optional.of("ODAHU " + kind + " skipped: " + reason);
    }
}
