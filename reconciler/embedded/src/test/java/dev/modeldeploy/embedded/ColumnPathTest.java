package dev.modeldeploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ColumnPathTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode service() throws Exception {
        return JSON.readTree("""
                {"metadata": {"name": "wine", "labels": {"serving.knative.dev/configuration": "wine"}},
                 "spec": {"hosts": ["a", "b"]},
                 "status": {"url": "http://wine.example.com", "actualReplicas": 2,
                            "conditions": [{"type": "ConfigurationsReady", "status": "False"},
                                           {"type": "Ready", "status": "True", "reason": "Fine"}]}}
                """);
    }

    @Test
    void selectsFieldsQuotedKeysIndexesAndFilteredElements() throws Exception {
        JsonNode service = service();
        assertThat(ColumnPath.compile(".status.url").first(service)).hasValue(JSON.getNodeFactory().textNode("http://wine.example.com"));
        assertThat(ColumnPath.compile(".metadata.labels['serving\\.knative\\.dev/configuration']").first(service).orElseThrow().asText())
                .isEqualTo("wine");
        assertThat(ColumnPath.compile(".status.conditions[?(@.type=='Ready')].status").first(service).orElseThrow().asText())
                .isEqualTo("True");
        assertThat(ColumnPath.compile(".status.conditions[?(@.type=='Ready')].reason").first(service).orElseThrow().asText())
                .isEqualTo("Fine");
        assertThat(ColumnPath.compile(".status.conditions[0].type").first(service).orElseThrow().asText())
                .isEqualTo("ConfigurationsReady");
        assertThat(ColumnPath.compile(".spec.hosts").first(service).orElseThrow().toString()).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void missingFieldsSelectNothing() throws Exception {
        JsonNode service = service();
        assertThat(ColumnPath.compile(".status.latestReadyRevisionName").first(service)).isEmpty();
        assertThat(ColumnPath.compile(".status.conditions[?(@.type=='Missing')].status").first(service)).isEmpty();
        assertThat(ColumnPath.compile(".status.url.deeper").first(service)).isEmpty();
    }

    @Test
    void unsupportedSyntaxIsRejectedWithWhere() {
        assertThatThrownBy(() -> ColumnPath.compile(".status.conditions[*].status"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\".status.conditions[*].status\" at character 19");
        assertThatThrownBy(() -> ColumnPath.compile("status.url")).hasMessageContaining("at character 1");
        assertThatThrownBy(() -> ColumnPath.compile(".a[0")).hasMessageContaining("never closed");
    }

    @Test
    void agesPrintLikeKubectls() {
        assertThat(TableView.humanDuration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(TableView.humanDuration(Duration.ofSeconds(200))).isEqualTo("3m20s");
        assertThat(TableView.humanDuration(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(TableView.humanDuration(Duration.ofMinutes(5 * 60 + 7))).isEqualTo("5h7m");
        assertThat(TableView.humanDuration(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(TableView.humanDuration(Duration.ofHours(24 * 3 + 4))).isEqualTo("3d4h");
        assertThat(TableView.humanDuration(Duration.ofDays(40))).isEqualTo("40d");
        assertThat(TableView.humanDuration(Duration.ofDays(365 * 3 + 10))).isEqualTo("3y10d");
        assertThat(TableView.humanDuration(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    }
}
