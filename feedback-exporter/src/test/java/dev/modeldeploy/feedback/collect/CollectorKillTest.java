package dev.modeldeploy.feedback.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modeldeploy.feedback.FeedbackConfig;
import dev.modeldeploy.feedback.FeedbackService;
import dev.modeldeploy.feedback.bucket.Bucket;
import dev.modeldeploy.feedback.testing.BucketContents;
import dev.modeldeploy.feedback.testing.CollectorProcessMain;
import dev.modeldeploy.feedback.testing.S3ProxyFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a collector under load: every record it acknowledged is exported after a restart, exactly once.
 */
class CollectorKillTest {
    private static final int CLIENTS = 8;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesKill9AndIsExportedOnce() throws Exception {
        Path stateDir = dir.resolve("state");
        Path portFile = dir.resolve("port");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process collector = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CollectorProcessMain.class.getName(), stateDir.toString(), portFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("collector.log").toFile()).start();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> attempted = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(portFile) || !collector.isAlive());
            assertThat(collector.isAlive()).as("collector started; see " + dir.resolve("collector.log")).isTrue();
            URI endpoint = URI.create("http://127.0.0.1:" + Files.readString(portFile).trim() + "/feedback/model/");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread thread = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String id = "client-" + client + "-" + i;
                        attempted.add(id);
                        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                                .header("x-model-name", "income").header("x-model-version", "1.1").header("Request-ID", id)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"truthful\": " + (i % 2) + "}")).build();
                        try {
                            if (http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                                acknowledged.add(id);
                            }
                        } catch (Exception e) {
                            return; // the collector is gone
                        }
                    }
                });
                thread.start();
                clients.add(thread);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 400);
        } finally {
            collector.destroyForcibly();
            collector.waitFor();
            stop.set(true);
            for (Thread client : clients) {
                client.join(15_000);
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(400);

        try (S3ProxyFixture s3 = new S3ProxyFixture("feedback");
             FeedbackService restarted = FeedbackService.open(FeedbackConfig.defaults(stateDir, "unused"), new SimpleMeterRegistry(),
                     s3.bucket("feedback", "after-kill"), Clock.systemUTC());
             Bucket bucket = s3.bucket("feedback", "after-kill")) {
            restarted.exporter().runOnce();
            List<String> exported = BucketContents.records(bucket, "feedback").stream().map(r -> r.get("request_id").asText()).toList();
            assertThat(exported).doesNotHaveDuplicates();
            assertThat(exported).containsAll(acknowledged);
            assertThat(attempted).containsAll(exported);
        }
    }
}
