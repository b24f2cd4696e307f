package dev.modeldeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ServiceMonitor checked against prometheus-operator's own CRD schema (vendored in testenv/crds, v0.93.0). */
class ServiceMonitorSchemaTest {

    private static CrdSchemaValidator validator;

    @BeforeAll
    static void loadCrd() {
        validator = CrdSchemaValidator.load(
                ProjectPaths.crdDir().resolve("monitoring.coreos.com/servicemonitors.yaml"), "v1");
    }

    private static JsonNode renderedServiceMonitor(Path scratch) {
        List<JsonNode> monitors = RenderedRelease.parse(HelmChart.template(Scenario.MONITORING.values, scratch))
                .custom("monitoring.coreos.com/v1/ServiceMonitor");
        assertThat(monitors).hasSize(1);
        return monitors.get(0);
    }

    @Test
    void renderedServiceMonitorMatchesTheCrdSchema(@TempDir Path scratch) {
        JsonNode monitor = renderedServiceMonitor(scratch);

        assertThat(validator.validate(monitor)).isEmpty();
        assertThat(monitor.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
        assertThat(monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo("modeldeploy");
        assertThat(monitor.at("/spec/namespaceSelector/matchNames/0").asText()).isEqualTo(HelmChart.NAMESPACE);
    }

    @Test
    void validatorRejectsAMisspeltField(@TempDir Path scratch) {
        ObjectNode monitor = renderedServiceMonitor(scratch).deepCopy();
        ObjectNode endpoint = (ObjectNode) monitor.at("/spec/endpoints/0");
        endpoint.set("intervall", endpoint.remove("interval"));

        assertThat(validator.validate(monitor)).anySatisfy(error -> assertThat(error).contains("intervall"));
    }

    @Test
    void validatorRejectsAWrongTypeAndABadEnum(@TempDir Path scratch) {
        ObjectNode monitor = renderedServiceMonitor(scratch).deepCopy();
        ((ObjectNode) monitor.at("/spec/endpoints/0")).put("scheme", "gopher");
        ((ObjectNode) monitor.at("/spec/namespaceSelector")).put("matchNames", "not-a-list");

        assertThat(validator.validate(monitor))
                .anySatisfy(error -> assertThat(error).contains("/spec/endpoints/0/scheme"))
                .anySatisfy(error -> assertThat(error).contains("/spec/namespaceSelector/matchNames"));
    }

    @Test
    void validatorAcceptsIntOrStringPortsAndRejectsDuplicateListMapKeys(@TempDir Path scratch) {
        ObjectNode monitor = renderedServiceMonitor(scratch).deepCopy();
        ObjectNode endpoint = (ObjectNode) monitor.at("/spec/endpoints/0");
        endpoint.remove("port");
        endpoint.put("targetPort", 8080);
        assertThat(validator.validate(monitor)).isEmpty();

        endpoint.put("targetPort", "http");
        assertThat(validator.validate(monitor)).isEmpty();

        endpoint.put("targetPort", true);
        assertThat(validator.validate(monitor)).isNotEmpty();
        endpoint.put("targetPort", "http");

        ObjectNode binding = monitor.putObject("status").putArray("bindings").addObject()
                .put("group", "monitoring.coreos.com").put("resource", "prometheuses")
                .put("name", "k8s").put("namespace", "monitoring");
        assertThat(validator.validate(monitor)).isEmpty();
        ((com.fasterxml.jackson.databind.node.ArrayNode) monitor.at("/status/bindings")).add(binding.deepCopy());
        assertThat(validator.validate(monitor))
                .anySatisfy(error -> assertThat(error).contains("/status/bindings/1").contains("duplicate"));
    }
}
