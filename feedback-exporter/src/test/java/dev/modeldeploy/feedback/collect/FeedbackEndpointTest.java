package dev.modeldeploy.feedback.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.feedback.FeedbackConfig;
import dev.modeldeploy.feedback.bucket.Bucket;
import dev.modeldeploy.feedback.bucket.LocalFolderBucket;
import dev.modeldeploy.feedback.spool.SpoolSettings;
import dev.modeldeploy.feedback.testing.CollectorFixture;
import dev.modeldeploy.feedback.testing.MutableClock;
import dev.modeldeploy.feedback.testing.S3ProxyFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feedback API as ODAHU documents it, over real HTTP, exported to a real S3-compatible server. */
class FeedbackEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant SEED_TIME = Instant.parse("2019-12-17T20:08:05Z");

    @TempDir
    Path dir;

    private FeedbackConfig config() {
        FeedbackConfig defaults = FeedbackConfig.defaults(dir.resolve("state"), "unused");
        return defaults.withExport(dev.modeldeploy.feedback.export.ExportSettings.defaults("test"));
    }

    private static Map<String, String> seedHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer not-checked-here");
        headers.put("x-model-name", "income");
        headers.put("x-model-version", "1.1");
        headers.put("Request-ID", "previous-prediction-id");
        headers.put("Content-Type", "application/json");
        return headers;
    }

    @Test
    void seedExampleIsRegisteredAndExportedToTheDocumentedPath() throws Exception {
        MutableClock clock = new MutableClock(SEED_TIME);
        try (S3ProxyFixture s3 = new S3ProxyFixture("odahu");
             Bucket bucket = s3.bucket("odahu", "feedback-loop");
             CollectorFixture collector = new CollectorFixture(config(), s3.bucket("odahu", "feedback-loop"), clock, RequestCheck.ALLOW_ALL)) {
            HttpResponse<String> response = collector.post("/feedback/model/", seedHeaders(), "{\"truthful\": 1}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("""
                    {"error": false, "registered": true, "message": {"RequestID": "previous-prediction-id",
                     "ModelVersion": "1.1", "ModelName": "income", "Payload": {"json": {"truthful": 1}}}}"""));

            collector.service().exporter().runOnce();

            assertThat(bucket.list()).containsExactly("feedback/income/1.1/year=2019/month=12/day=17/2019121720_test-1.json");
            String content = new String(bucket.get(bucket.list().get(0)).orElseThrow(), StandardCharsets.UTF_8);
            assertThat(content).isEqualTo("{\"request_id\":\"previous-prediction-id\",\"model_version\":\"1.1\",\"model_name\":\"income\","
                    + "\"payload\":{\"json\":{\"truthful\":1}},\"time\":\"2019-12-17 20:08:05 +0000\"}\n");
        }
    }

    @Test
    void acceptsOdahusAlternativeHeaderNamesAndNoTrailingSlash() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(config(), new LocalFolderBucket(dir.resolve("bucket")),
                new MutableClock(SEED_TIME), RequestCheck.ALLOW_ALL)) {
            Map<String, String> headers = Map.of("model-name", "wine", "model-version", "2", "request-id", "r-1");
            HttpResponse<String> response = collector.post("/feedback/model", headers, "[1, 2, \"three\"]");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode message = JSON.readTree(response.body()).get("message");
            assertThat(message.get("ModelName").asText()).isEqualTo("wine");
            assertThat(message.get("ModelVersion").asText()).isEqualTo("2");
            assertThat(message.get("RequestID").asText()).isEqualTo("r-1");
            assertThat(message.at("/Payload/json/2").asText()).isEqualTo("three");
        }
    }

    @Test
    void badRequestsSayWhatIsWrong() throws Exception {
        try (CollectorFixture collector = new CollectorFixture(config().withCollector(CollectorSettings.defaults().withMaxBodyBytes(1000)),
                new LocalFolderBucket(dir.resolve("bucket")), new MutableClock(SEED_TIME), RequestCheck.ALLOW_ALL)) {
            for (String header : new String[] {"x-model-name", "x-model-version", "Request-ID"}) {
                Map<String, String> headers = new LinkedHashMap<>(seedHeaders());
                headers.remove(header);
                HttpResponse<String> response = collector.post("/feedback/model/", headers, "{\"truthful\": 1}");
                assertThat(response.statusCode()).as(header).isEqualTo(400);
                JsonNode body = JSON.readTree(response.body());
                assertThat(body.get("error").asBoolean()).isTrue();
                assertThat(body.get("message").asText()).contains("missing header " + header);
            }

            HttpResponse<String> notJson = collector.post("/feedback/model/", seedHeaders(), "{\"truthful\": ");
            assertThat(notJson.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(notJson.body()).get("message").asText()).startsWith("request body is not JSON");

            HttpResponse<String> twoValues = collector.post("/feedback/model/", seedHeaders(), "{} {}");
            assertThat(twoValues.statusCode()).isEqualTo(400);

            HttpResponse<String> empty = collector.post("/feedback/model/", seedHeaders(), "");
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(empty.body()).get("message").asText()).contains("body is empty");

            Map<String, String> escaping = new LinkedHashMap<>(seedHeaders());
            escaping.put("x-model-name", "../../etc");
            HttpResponse<String> badName = collector.post("/feedback/model/", escaping, "{}");
            assertThat(badName.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(badName.body()).get("message").asText()).contains("x-model-name '../../etc' is not allowed");

            HttpResponse<String> tooLarge = collector.post("/feedback/model/", seedHeaders(), "{\"x\": \"" + "a".repeat(2000) + "\"}");
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(JSON.readTree(tooLarge.body()).get("message").asText()).contains("limit of 1000 bytes");

            assertThat(collector.service().spool().usedBytes()).isZero();
        }
    }

    @Test
    void fullSpoolAnswers503WithRetryAfter() throws Exception {
        FeedbackConfig small = config().withSpool(SpoolSettings.defaults().withLimitBytes(300));
        try (CollectorFixture collector = new CollectorFixture(small, new LocalFolderBucket(dir.resolve("bucket")),
                new MutableClock(SEED_TIME), RequestCheck.ALLOW_ALL)) {
            HttpResponse<String> first = collector.post("/feedback/model/", seedHeaders(), "{\"truthful\": 1}");
            assertThat(first.statusCode()).isEqualTo(200);
            HttpResponse<String> refused = collector.post("/feedback/model/", seedHeaders(), "{\"truthful\": \"" + "x".repeat(200) + "\"}");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("10");
            assertThat(JSON.readTree(refused.body()).get("message").asText()).contains("spool is full");

            // Exporting frees the spool; the client's retry then succeeds.
            collector.service().exporter().runOnce();
            assertThat(collector.post("/feedback/model/", seedHeaders(), "{\"truthful\": 0}").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void requestCheckAnswers401And403BeforeReadingAnything() throws Exception {
        RequestCheck check = ctx -> switch (String.valueOf(ctx.header("Authorization"))) {
            case "Bearer good" -> AccessDecision.ALLOW;
            case "Bearer viewer" -> AccessDecision.FORBIDDEN;
            default -> AccessDecision.UNAUTHORIZED;
        };
        try (CollectorFixture collector = new CollectorFixture(config(), new LocalFolderBucket(dir.resolve("bucket")),
                new MutableClock(SEED_TIME), check)) {
            Map<String, String> headers = new LinkedHashMap<>(seedHeaders());
            headers.remove("Authorization");
            HttpResponse<String> anonymous = collector.post("/feedback/model/", headers, "{}");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            headers.put("Authorization", "Bearer viewer");
            assertThat(collector.post("/feedback/model/", headers, "{}").statusCode()).isEqualTo(403);
            assertThat(collector.post("/log", headers, "{}").statusCode()).isEqualTo(403);
            headers.put("Authorization", "Bearer good");
            assertThat(collector.post("/feedback/model/", headers, "{}").statusCode()).isEqualTo(200);
        }
    }
}
