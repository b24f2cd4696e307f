package dev.modeldeploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void routeBecomesTheOdahuEnvelopeWithUnsetFieldsLeftOut(@TempDir Path folder) throws Exception {
        ManifestSet set = Fixtures.loadTogether(folder, "route/deployments.yaml", "route/valid.yaml");

        assertThat(ManifestJson.toJson(set.routes().get(0))).isEqualTo(JSON.readTree("""
                {"kind": "ModelRoute", "id": "wine-canary", "spec": {
                  "urlPrefix": "/custom/wine",
                  "modelDeployments": [{"mdName": "wine-a", "weight": 90}, {"mdName": "wine-b", "weight": 10}],
                  "mirror": "wine-c",
                  "rules": [{"match": {"headers": {"x-canary": {"exact": "true"}, "user-agent": {"regex": "^curl/[0-9.]+$"}}},
                             "modelDeployments": [{"mdName": "wine-b"}]}]}}
                """));
        assertThat(ManifestJson.toJson(set.routes().get(1))).isEqualTo(JSON.readTree("""
                {"kind": "ModelRoute", "id": "wine-single", "spec": {
                  "urlPrefix": "/custom/wine-single/", "modelDeployments": [{"mdName": "wine-a", "weight": 100}]}}
                """));
    }

    @Test
    void deploymentJsonKeepsOptionalFieldsThatAreSetAndValidatesAgain(@TempDir Path folder) throws Exception {
        ManifestSet set = Fixtures.load("deployment/valid-variety.yaml");
        JsonNode full = ManifestJson.toJson(set.deployments().get(0));

        assertThat(full.fieldNames()).toIterable().containsExactly("kind", "id", "spec");
        assertThat(full.path("spec").fieldNames()).toIterable().containsExactly("predictor", "image", "imagePullConnID", "resources",
                "minReplicas", "maxReplicas", "livenessProbeInitialDelay", "readinessProbeInitialDelay", "roleName", "nodeSelector",
                "annotations", "model", "examples");
        assertThat(full.at("/spec/resources/limits/gpu").asText()).isEqualTo("1");
        assertThat(full.at("/spec/examples/1").has("response")).isFalse();

        // what --show-defaults prints is itself a valid manifest that means the same
        java.nio.file.Files.writeString(folder.resolve("round-trip.yaml"), JSON.writeValueAsString(full));
        ManifestSet again = Fixtures.LOADER.load(folder);
        assertThat(again.findings()).isEmpty();
        assertThat(again.deployments().get(0).spec()).isEqualTo(set.deployments().get(0).spec());
    }
}
