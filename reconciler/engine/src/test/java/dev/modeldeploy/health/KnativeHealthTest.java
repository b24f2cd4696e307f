package dev.modeldeploy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnativeHealthTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static GenericKubernetesResource service(long generation, String status) {
        String json = """
                {"apiVersion":"serving.knative.dev/v1","kind":"Service",
                 "metadata":{"name":"m","generation":%d},"spec":{}%s}"""
                .formatted(generation, status == null ? "" : ",\"status\":" + status);
        return Serialization.unmarshal(json, GenericKubernetesResource.class);
    }

    private static String conditions(String ready, String configurations, String routes) {
        return """
                {"observedGeneration":2,"url":"http://m.models.example.com","latestReadyRevisionName":"m-00002",
                 "conditions":[%s,%s,%s]}""".formatted(
                condition("Ready", ready), condition("ConfigurationsReady", configurations), condition("RoutesReady", routes));
    }

    private static String condition(String type, String status) {
        String extra = status.equals("False") ? ",\"reason\":\"RevisionFailed\",\"message\":\"" + type + " broke\"" : "";
        return "{\"type\":\"" + type + "\",\"status\":\"" + status + "\"" + extra + "}";
    }

    @Test
    void readyWhenReadyIsTrueForTheLatestGeneration() {
        GenericKubernetesResource revision = Serialization.unmarshal(
                "{\"apiVersion\":\"serving.knative.dev/v1\",\"kind\":\"Revision\",\"metadata\":{\"name\":\"m-00002\"},"
                        + "\"status\":{\"desiredReplicas\":2,\"actualReplicas\":1}}", GenericKubernetesResource.class);

        ManifestStatus status = KnativeHealth.evaluate("m", service(2, conditions("True", "True", "True")), revision,
                "c1", "c2", NOW);

        assertThat(status).isEqualTo(new ManifestStatus("ModelDeployment", "m", State.Ready, null,
                "http://m.models.example.com", 2, 1, "m-00002", "c1", "c2", NOW));
    }

    @Test
    void processingUntilKnativeObservesTheGeneration() {
        ManifestStatus status = KnativeHealth.evaluate("m", service(3, conditions("True", "True", "True")), null,
                "c1", "c2", NOW);

        assertThat(status.state()).isEqualTo(State.Processing);
        assertThat(status.message()).isEqualTo("waiting for Knative to observe generation 3");
    }

    @Test
    void processingWithoutStatusOrService() {
        assertThat(KnativeHealth.evaluate("m", service(1, null), null, null, "c1", NOW).state()).isEqualTo(State.Processing);
        assertThat(KnativeHealth.evaluate("m", null, null, null, "c1", NOW).message()).isEqualTo("Knative Service not created yet");
    }

    @Test
    void processingWhileReadyIsUnknown() {
        ManifestStatus status = KnativeHealth.evaluate("m", service(2, conditions("Unknown", "Unknown", "True")), null,
                null, "c1", NOW);

        assertThat(status.state()).isEqualTo(State.Processing);
    }

    @Test
    void failedWithTheMessageOfTheFailingCondition() {
        ManifestStatus status = KnativeHealth.evaluate("m", service(2, conditions("False", "False", "True")), null,
                null, "c1", NOW);

        assertThat(status.state()).isEqualTo(State.Failed);
        assertThat(status.message()).isEqualTo("ConfigurationsReady: RevisionFailed: ConfigurationsReady broke");
        assertThat(status.latestReadyRevision()).isEqualTo("m-00002");
    }

    @Test
    void routeFollowsItsTargets() {
        GenericKubernetesResource vs = Serialization.unmarshal(
                "{\"apiVersion\":\"networking.istio.io/v1\",\"kind\":\"VirtualService\",\"metadata\":{\"name\":\"r\"}}",
                GenericKubernetesResource.class);
        ManifestStatus ready = new ManifestStatus("ModelDeployment", "a", State.Ready, null, null, null, null, null, null, null, NOW);
        ManifestStatus failed = new ManifestStatus("ModelDeployment", "b", State.Failed, "boom", null, null, null, null, null, null, NOW);
        ManifestStatus processing = new ManifestStatus("ModelDeployment", "c", State.Processing, null, null, null, null, null, null, null, NOW);
        Map<String, ManifestStatus> targets = Map.of("a", ready, "b", failed, "c", processing);

        assertThat(RouteHealth.evaluate("r", null, List.of("a"), targets, null, "c1", NOW).state()).isEqualTo(State.Processing);
        assertThat(RouteHealth.evaluate("r", vs, List.of("a"), targets, null, "c1", NOW).state()).isEqualTo(State.Ready);
        assertThat(RouteHealth.evaluate("r", vs, List.of("a", "c"), targets, null, "c1", NOW).state()).isEqualTo(State.Processing);
        ManifestStatus broken = RouteHealth.evaluate("r", vs, List.of("a", "b", "zz"), targets, null, "c1", NOW);
        assertThat(broken.state()).isEqualTo(State.Failed);
        assertThat(broken.message()).isEqualTo("target b failed (boom); target zz does not exist");
    }
}
