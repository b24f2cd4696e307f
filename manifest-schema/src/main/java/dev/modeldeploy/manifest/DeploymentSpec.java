package dev.modeldeploy.manifest;

import java.util.List;
import java.util.Map;

/**
 * A ModelDeployment's spec with every default applied. imagePullConnID may be null; the maps and lists are never
 * null (empty when the manifest gives none).
 */
public record DeploymentSpec(
        Predictor predictor,
        String image,
        String imagePullConnID,
        Resources resources,
        int minReplicas,
        int maxReplicas,
        int livenessProbeInitialDelay,
        int readinessProbeInitialDelay,
        String roleName,
        Map<String, String> nodeSelector,
        Map<String, String> annotations,
        ModelInfo model,
        List<ApiExample> examples) {
}
