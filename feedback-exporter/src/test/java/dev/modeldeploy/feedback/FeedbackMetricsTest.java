package dev.modeldeploy.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.feedback.bucket.LocalFolderBucket;
import dev.modeldeploy.feedback.collect.RequestCheck;
import dev.modeldeploy.feedback.testing.CollectorFixture;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus names the project agreed on. */
class FeedbackMetricsTest {
    @TempDir
    Path dir;

    @Test
    void exposesTheAgreedMetricNames() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FeedbackConfig config = FeedbackConfig.defaults(dir.resolve("state"), "unused");
        try (CollectorFixture collector = new CollectorFixture(config, new LocalFolderBucket(dir.resolve("bucket")), Clock.systemUTC(),
                RequestCheck.ALLOW_ALL, registry)) {
            Map<String, String> headers = Map.of("x-model-name", "income", "x-model-version", "1.1", "Request-ID", "m-1");
            assertThat(collector.post("/feedback/model/", headers, "{\"truthful\": 1}").statusCode()).isEqualTo(200);
            String before = registry.scrape();
            assertThat(before).contains("modeldeploy_feedback_records_received_total{kind=\"feedback\"} 1.0");
            assertThat(before).containsPattern("modeldeploy_feedback_spool_bytes [1-9]");
            assertThat(before).containsPattern("modeldeploy_feedback_export_lag_seconds [0-9.E-]+");

            collector.service().exporter().runOnce();
            String after = registry.scrape();
            assertThat(after).contains("modeldeploy_feedback_records_exported_total{kind=\"feedback\"} 1.0");
            assertThat(after).contains("modeldeploy_feedback_records_exported_total{kind=\"request_response\"} 0.0");
            assertThat(after).contains("modeldeploy_feedback_export_failures_total 0.0");
            assertThat(after).contains("modeldeploy_feedback_spool_bytes 0.0");
            assertThat(after).contains("modeldeploy_feedback_export_lag_seconds 0.0");
        }
    }
}
