package dev.modeldeploy.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modeldeploy.auth.TestTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feedback loop served by the daemon on its own port, configured from the daemon's file: JWT-guarded feedback
 * (the seed's request), request logs from the models' logger sidecars (which carry no token), and an export on the
 * configured schedule under the configured instance name, in ODAHU's layout.
 */
class DaemonFeedbackTest {
    @TempDir
    Path tmp;

    @Test
    void feedbackThroughTheDaemonIsGuardedAndExportedInOdahusLayout() throws Exception {
        TestTokens tokens = new TestTokens("k1");
        Path jwks = Files.writeString(tmp.resolve("jwks.json"), tokens.jwksJson());
        Path bucket = tmp.resolve("bucket");
        Path config = Files.writeString(tmp.resolve("config.yaml"), """
                auth:
                  enabled: true
                  jwksFile: %s
                  issuer: %s
                  audience: %s
                feedback:
                  enabled: true
                  bucket: %s
                  schedule: "0/1 * * * * ?"
                  instance: replica-a
                """.formatted(jwks, TestTokens.ISSUER, TestTokens.AUDIENCE, bucket.toUri()));
        try (DaemonFixture d = DaemonFixture.start(tmp.resolve("state"), null, "1h", config)) {
            byte[] body = "{\"truthful\": 1}".getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = Map.of("x-model-name", "income", "x-model-version", "1.1",
                    "Request-ID", "previous-prediction-id", "Content-Type", "application/json");

            assertThat(d.post("/feedback/model/", body, headers).statusCode()).isEqualTo(401);

            var withToken = new java.util.HashMap<>(headers);
            withToken.put("Authorization", "Bearer " + tokens.viewer());
            var accepted = d.post("/feedback/model/", body, withToken);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
            assertThat(DaemonFixture.JSON.readTree(accepted.body())).isEqualTo(DaemonFixture.JSON.readTree("""
                    {"error": false, "registered": true, "message": {"RequestID": "previous-prediction-id",
                     "ModelVersion": "1.1", "ModelName": "income", "Payload": {"json": {"truthful": 1}}}}"""));

            var logged = d.post("/log", "{\"columns\": [\"a\"], \"data\": [[1]]}".getBytes(StandardCharsets.UTF_8),
                    Map.of("ce-id", "req-1", "ce-type", "org.kubeflow.serving.inference.request",
                            "ce-source", "http://localhost:9081/", "ce-specversion", "1.0",
                            "ce-inferenceservicename", "income", "ce-namespace", "modeldeploy",
                            "ce-component", "predictor", "ce-endpoint", "", "Content-Type", "application/json"));
            assertThat(logged.statusCode()).as("request loggers post without a token: " + logged.body()).isLessThan(300);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<Path> exported = files(bucket.resolve("feedback/income/1.1"));
                assertThat(exported).singleElement().satisfies(file -> {
                    assertThat(file.getFileName().toString()).matches("\\d{10}_replica-a-\\d+\\.json");
                    assertThat(bucket.relativize(file).toString())
                            .matches("feedback/income/1\\.1/year=\\d{4}/month=\\d{2}/day=\\d{2}/.*");
                    assertThat(Files.readString(file)).contains("\"request_id\":\"previous-prediction-id\"")
                            .contains("\"payload\":{\"json\":{\"truthful\":1}}");
                });
            });
        }
    }

    private static List<Path> files(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json")).toList();
        }
    }
}
