package dev.modeldeploy.feedback.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.feedback.FeedbackConfig;
import dev.modeldeploy.feedback.bucket.Bucket;
import dev.modeldeploy.feedback.bucket.LocalFolderBucket;
import dev.modeldeploy.feedback.export.ExportSettings;
import dev.modeldeploy.feedback.testing.BucketContents;
import dev.modeldeploy.feedback.testing.CollectorFixture;
import dev.modeldeploy.feedback.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CloudEvents as KServe's logger agent sends them (binary mode), turned into ODAHU's two records. */
class InferenceLogEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST_BODY = "{\"columns\": [\"alcohol\"], \"data\": [[12.8]]}";
    private static final String RESPONSE_BODY = "{\"prediction\": [6.0], \"columns\": [\"quality\"]}";
    private static final List<String> REQUEST_RESPONSE_FIELDS = List.of("request_id", "request_content", "request_uri",
            "request_http_headers", "response_http_headers", "response_status", "request_host", "request_http_method",
            "model_name", "model_version", "time");
    private static final List<String> RESPONSE_BODY_FIELDS = List.of("request_id", "model_version", "model_name", "response_content", "time");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2019-12-17T08:46:41Z"));

    private FeedbackConfig config() {
        return FeedbackConfig.defaults(dir.resolve("state"), "unused")
                .withExport(ExportSettings.defaults("pod-0").withPairingWindow(Duration.ofMinutes(2)));
    }

    private CollectorFixture collector() throws Exception {
        return new CollectorFixture(config(), new LocalFolderBucket(dir.resolve("bucket")), clock, RequestCheck.ALLOW_ALL);
    }

    /** The headers KServe's agent sets, plus forwarded request headers including credentials that must not be kept. */
    private static Map<String, String> event(String type, String id) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Ce-Specversion", "1.0");
        headers.put("Ce-Id", id);
        headers.put("Ce-Type", "org.kubeflow.serving.inference." + type);
        headers.put("Ce-Source", "http://localhost:9081/");
        headers.put("Ce-Time", "2019-12-17T08:46:40.312Z");
        headers.put("Ce-Inferenceservicename", "test-e2e-wine");
        headers.put("Ce-Namespace", "odahu-flow-deployment");
        headers.put("Ce-Component", "predictor");
        headers.put("Ce-Endpoint", "default");
        headers.put("Ce-Metadata", "{\"Authorization\":[\"Bearer user-jwt-secret\"],\"Cookie\":[\"session=cookie-secret\"],"
                + "\"X-Api-Key\":[\"api-key-secret\"],\"Proxy-Authorization\":[\"Basic proxy-secret\"],"
                + "\"User-Agent\":[\"python-requests/2.22.0\"],\"X-Forwarded-Host\":[\"odahu.example.com\"],"
                + "\"X-Original-Uri\":[\"/model/test-e2e-wine/api/model/invoke\"],\"Accept\":[\"*/*\"]}");
        headers.put("Ce-Annotations", "{\"team\":\"wine\"}");
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", "Bearer logger-agent-secret");
        return headers;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private void assertNoCredentialsStored() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(text).as(file.toString()).doesNotContain("secret");
            }
        }
    }

    private void assertPaired(Bucket bucket, String id) throws Exception {
        Map<String, List<JsonNode>> contents = BucketContents.read(bucket);
        assertThat(contents.keySet()).containsExactlyInAnyOrder(
                "request_response/test-e2e-wine/1/year=2019/month=12/day=17/2019121708_pod-0-1.json",
                "response_body/test-e2e-wine/1/year=2019/month=12/day=17/2019121708_pod-0-1.json");
        JsonNode meta = BucketContents.records(bucket, "request_response").get(0);
        assertThat(fieldNames(meta)).containsExactlyElementsOf(REQUEST_RESPONSE_FIELDS);
        assertThat(meta.get("request_id").asText()).isEqualTo(id);
        assertThat(meta.get("request_content").asText()).isEqualTo(REQUEST_BODY);
        assertThat(meta.get("request_uri").asText()).isEqualTo("/model/test-e2e-wine/api/model/invoke");
        assertThat(meta.get("request_host").asText()).isEqualTo("odahu.example.com");
        assertThat(meta.get("request_http_method").asText()).isEqualTo("POST");
        assertThat(meta.get("response_status").asText()).isEqualTo("200");
        assertThat(meta.get("model_name").asText()).isEqualTo("test-e2e-wine");
        assertThat(meta.get("model_version").asText()).isEqualTo("1");
        assertThat(meta.get("time").asText()).isEqualTo("2019-12-17 08:46:40 +0000");
        assertThat(fieldNames(meta.get("request_http_headers")))
                .containsExactly("accept", "content-type", "user-agent", "x-forwarded-host", "x-original-uri");
        assertThat(meta.get("response_http_headers").get(":status").asText()).isEqualTo("200");

        JsonNode body = BucketContents.records(bucket, "response_body").get(0);
        assertThat(fieldNames(body)).containsExactlyElementsOf(RESPONSE_BODY_FIELDS);
        assertThat(body.get("request_id").asText()).isEqualTo(id);
        assertThat(body.get("response_content").asText()).isEqualTo(RESPONSE_BODY);
        assertThat(body.get("time").asText()).isEqualTo("2019-12-17 08:46:40 +0000");
        assertNoCredentialsStored();
    }

    @Test
    void requestThenResponseGiveOdahusTwoRecords() throws Exception {
        try (CollectorFixture collector = collector(); Bucket bucket = new LocalFolderBucket(dir.resolve("bucket"))) {
            HttpResponse<String> request = collector.post("/log", event("request", "6fa1f636"), REQUEST_BODY);
            assertThat(request.statusCode()).isEqualTo(200);
            assertThat(collector.post("/log", event("response", "6fa1f636"), RESPONSE_BODY).statusCode()).isEqualTo(200);
            collector.service().exporter().runOnce();
            assertPaired(bucket, "6fa1f636");
        }
    }

    @Test
    void responseBeforeRequestPairsTheSame() throws Exception {
        try (CollectorFixture collector = collector(); Bucket bucket = new LocalFolderBucket(dir.resolve("bucket"))) {
            assertThat(collector.post("/log", event("response", "r-2"), RESPONSE_BODY).statusCode()).isEqualTo(200);
            assertThat(collector.post("/log", event("request", "r-2"), REQUEST_BODY).statusCode()).isEqualTo(200);
            collector.service().exporter().runOnce();
            assertPaired(bucket, "r-2");
        }
    }

    @Test
    void pairingSurvivesAnExportAndARestartBetweenRequestAndResponse() throws Exception {
        try (CollectorFixture collector = collector()) {
            assertThat(collector.post("/log", event("request", "r-3"), REQUEST_BODY).statusCode()).isEqualTo(200);
            collector.service().exporter().runOnce();
        }
        try (CollectorFixture collector = collector(); Bucket bucket = new LocalFolderBucket(dir.resolve("bucket"))) {
            assertThat(bucket.list()).isEmpty();
            clock.advance(Duration.ofSeconds(30));
            assertThat(collector.post("/log", event("response", "r-3"), RESPONSE_BODY).statusCode()).isEqualTo(200);
            collector.service().exporter().runOnce();
            Map<String, List<JsonNode>> contents = BucketContents.read(bucket);
            assertThat(contents.keySet()).allMatch(key -> key.endsWith("_pod-0-2.json")).hasSize(2);
            assertThat(BucketContents.records(bucket, "request_response").get(0).get("request_content").asText()).isEqualTo(REQUEST_BODY);
        }
    }

    @Test
    void responseWhoseRequestIsLostIsWrittenWithWhatIsKnownAfterThePairingWindow() throws Exception {
        try (CollectorFixture collector = collector(); Bucket bucket = new LocalFolderBucket(dir.resolve("bucket"))) {
            assertThat(collector.post("/log", event("response", "lonely"), RESPONSE_BODY).statusCode()).isEqualTo(200);
            collector.service().exporter().runOnce();
            assertThat(bucket.list()).isEmpty();
            assertThat(collector.service().exporter().oldestUnexportedMillis()).isPresent();

            clock.advance(Duration.ofMinutes(3));
            collector.service().exporter().runOnce();
            JsonNode meta = BucketContents.records(bucket, "request_response").get(0);
            assertThat(fieldNames(meta)).containsExactlyElementsOf(REQUEST_RESPONSE_FIELDS);
            assertThat(meta.get("request_id").asText()).isEqualTo("lonely");
            assertThat(meta.get("request_content").isNull()).isTrue();
            assertThat(meta.get("response_status").asText()).isEqualTo("200");
            assertThat(meta.get("request_host").asText()).isEqualTo("odahu.example.com");
            assertThat(BucketContents.records(bucket, "response_body").get(0).get("response_content").asText()).isEqualTo(RESPONSE_BODY);
            assertThat(collector.service().exporter().oldestUnexportedMillis()).isEmpty();
            assertNoCredentialsStored();
        }
    }

    @Test
    void requestWithoutResponseIsWrittenAloneAfterThePairingWindow() throws Exception {
        try (CollectorFixture collector = collector(); Bucket bucket = new LocalFolderBucket(dir.resolve("bucket"))) {
            assertThat(collector.post("/log", event("request", "failed-prediction"), REQUEST_BODY).statusCode()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(3));
            collector.service().exporter().runOnce();
            assertThat(BucketContents.records(bucket, "response_body")).isEmpty();
            JsonNode meta = BucketContents.records(bucket, "request_response").get(0);
            assertThat(meta.get("request_content").asText()).isEqualTo(REQUEST_BODY);
            assertThat(meta.get("response_status").isNull()).isTrue();
        }
    }

    @Test
    void modelExtensionAttributesNameTheModelAndStructuredModeWorks() throws Exception {
        try (CollectorFixture collector = collector(); Bucket bucket = new LocalFolderBucket(dir.resolve("bucket"))) {
            Map<String, String> request = event("request", "named");
            request.put("Ce-Modelname", "income");
            request.put("Ce-Modelversion", "1.1");
            assertThat(collector.post("/log", request, REQUEST_BODY).statusCode()).isEqualTo(200);
            String structured = "{\"specversion\":\"1.0\",\"id\":\"named\",\"type\":\"org.kubeflow.serving.inference.response\","
                    + "\"source\":\"http://localhost:9081/\",\"time\":\"2019-12-17T08:46:40Z\",\"inferenceservicename\":\"whatever\","
                    + "\"modelname\":\"income\",\"modelversion\":\"1.1\",\"datacontenttype\":\"application/json\",\"data\":" + RESPONSE_BODY + "}";
            HttpResponse<String> response = collector.post("/log", Map.of("Content-Type", "application/cloudevents+json"), structured);
            assertThat(response.statusCode()).isEqualTo(200);
            collector.service().exporter().runOnce();
            assertThat(bucket.list()).containsExactlyInAnyOrder(
                    "request_response/income/1.1/year=2019/month=12/day=17/2019121708_pod-0-1.json",
                    "response_body/income/1.1/year=2019/month=12/day=17/2019121708_pod-0-1.json");
            assertThat(JSON.readTree(BucketContents.records(bucket, "response_body").get(0).get("response_content").asText()))
                    .isEqualTo(JSON.readTree(RESPONSE_BODY));
        }
    }

    @Test
    void eventsThatAreNotInferenceLogsAreRefused() throws Exception {
        try (CollectorFixture collector = collector()) {
            HttpResponse<String> plain = collector.post("/log", Map.of("Content-Type", "application/json"), REQUEST_BODY);
            assertThat(plain.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(plain.body()).get("message").asText())
                    .contains("missing ce-specversion, ce-id, ce-type, ce-source");

            Map<String, String> wrongType = event("request", "x");
            wrongType.put("Ce-Type", "dev.example.other");
            HttpResponse<String> other = collector.post("/log", wrongType, REQUEST_BODY);
            assertThat(other.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(other.body()).get("message").asText()).contains("unsupported ce-type 'dev.example.other'");

            Map<String, String> badTime = event("request", "x");
            badTime.put("Ce-Time", "yesterday");
            assertThat(collector.post("/log", badTime, REQUEST_BODY).statusCode()).isEqualTo(400);
        }
    }
}
