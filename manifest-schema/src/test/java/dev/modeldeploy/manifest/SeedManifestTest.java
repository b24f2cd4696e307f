package dev.modeldeploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The ODAHU documentation's own example (seed/wine.yaml, its nesting restored) must validate unchanged. */
class SeedManifestTest {

    @Test
    void seedWineManifestValidatesWithDefaultsApplied() throws Exception {
        ManifestSet set = Fixtures.load("seed/wine.yaml");

        assertThat(set.findings()).isEmpty();
        assertThat(set.failedFiles()).isEmpty();
        assertThat(set.routes()).isEmpty();
        assertThat(set.deployments()).hasSize(1);
        ModelDeployment wine = set.deployments().get(0);
        assertThat(wine.id()).isEqualTo("wine-12345");
        assertThat(wine.source()).isEqualTo(new SourceLocation("wine.yaml", 1, 1));
        DeploymentSpec spec = wine.spec();
        assertThat(spec.predictor()).isEqualTo(Predictor.ODAHU_ML_SERVER);
        assertThat(spec.image()).isEqualTo("gcr.io/project/test-e2e-wine-1.0:b591c752-43d4-43e0-8392-9a5715b67573");
        assertThat(spec.imagePullConnID()).isNull();
        assertThat(spec.resources()).isEqualTo(new Resources(new ResourceList("1", "1Gi", null), new ResourceList("1", "1Gi", null)));
        assertThat(spec.minReplicas()).isZero();
        assertThat(spec.maxReplicas()).isEqualTo(1);
        assertThat(spec.livenessProbeInitialDelay()).isEqualTo(2);
        assertThat(spec.readinessProbeInitialDelay()).isEqualTo(2);
        assertThat(spec.roleName()).isEqualTo("role-wine-12345");
        assertThat(spec.nodeSelector()).isEmpty();
        assertThat(spec.annotations()).isEmpty();
        assertThat(spec.model()).isEqualTo(new ModelInfo("wine-12345", "1"));
        assertThat(spec.examples()).isEmpty();

        assertThat(ManifestJson.toJson(wine)).isEqualTo(new ObjectMapper().readTree("""
                {"kind": "ModelDeployment", "id": "wine-12345", "spec": {
                  "predictor": "odahu-ml-server",
                  "image": "gcr.io/project/test-e2e-wine-1.0:b591c752-43d4-43e0-8392-9a5715b67573",
                  "resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1Gi"}},
                  "minReplicas": 0, "maxReplicas": 1,
                  "livenessProbeInitialDelay": 2, "readinessProbeInitialDelay": 2,
                  "roleName": "role-wine-12345",
                  "model": {"name": "wine-12345", "version": "1"}}}
                """));
    }
}
