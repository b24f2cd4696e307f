package dev.modeldeploy.daemon;

import static dev.modeldeploy.daemon.DaemonFixture.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.cluster.ClusterConnection;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.git.webhook.WebhookVerifier;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's whole loop over real Git (pushes with the git client) and the embedded API server: a push reconciles,
 * webhooks are believed only when signed, status goes to its own branch without loops or idle commits, and a remote
 * that goes away costs nothing that was deployed.
 */
class DaemonGitLoopTest {
    private static final String SECRET = "webhook-secret-for-tests";

    @TempDir
    Path tmp;

    @Test
    void embeddedDefaultDeploysTheExamplesAndCommitsTheirStatus() throws Exception {
        try (DaemonFixture d = DaemonFixture.start(tmp.resolve("state"), null, "1s", null)) {
            awaitAllReady(d);
            assertThat(d.daemon.kubeconfig()).hasValueSatisfying(k -> assertThat(k).isRegularFile());
            assertThat(d.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(d.get("/readyz").statusCode()).isEqualTo(200);
            // the example rollout starts at its first step; with no Prometheus configured it can only wait for data
            JsonNode rollout = d.json("/api/v1/model/route/wine-rollout").path("status").path("rollout");
            assertThat(rollout.path("phase").asText()).isEqualTo("Progressing");
            assertThat(rollout.path("candidateWeight").asInt()).isEqualTo(10);
            assertThat(rollout.path("reason").asText()).isEqualTo("started: step 1 of 4 (wine-v2 at 10%), checked after 1m");

            // Someone edits a live object by hand: the watch notices and the daemon puts it back at once,
            // long before the next poll would.
            try (KubernetesClient kube = ClusterConnection.fromKubeconfig(d.daemon.kubeconfig().orElseThrow(), "modeldeploy")) {
                var services = kube.genericKubernetesResources(LiveObjectCache.context(ManagedKind.KNATIVE_SERVICE)).inNamespace("modeldeploy");
                services.withName("wine").edit(ksvc -> {
                    containers(ksvc).get(0).put("image", "registry.example.com/someone-else:latest");
                    return ksvc;
                });
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        containers(services.withName("wine").get()).get(0).get("image"))
                        .isEqualTo("gcr.io/project/test-e2e-wine-1.0:b591c752-43d4-43e0-8392-9a5715b67573"));
            }

            // Every daemon metric the Grafana dashboards query is really exported.
            String metrics = d.get("/metrics").body();
            List<String> dashboardMetrics = Files.readAllLines(Path.of("src/test/resources/chart/exported-metrics.txt"))
                    .stream().map(line -> line.replaceAll("#.*", "").strip())
                    .filter(name -> name.startsWith("modeldeploy_")).toList();
            assertThat(dashboardMetrics).hasSizeGreaterThan(10);
            assertThat(metrics).contains(dashboardMetrics);
            assertThat(metrics).containsPattern("modeldeploy_drift_corrections_total\\{kind=\"Service\"} [1-9]");

            Path repo = tmp.resolve("state/examples.git");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    git(repo, "show", "modeldeploy-status:status/wine.yaml")).contains("state: Ready"));
            assertThat(git(repo, "log", "--format=%an %s", "-1", "modeldeploy-status"))
                    .startsWith("modeldeploy-bot status: applied");
        }
    }

    @Test
    void theEmbeddedClusterKeepsItsObjectsUnderTheStateDirAcrossARestart() {
        Path state = tmp.resolve("state");
        try (DaemonFixture d = DaemonFixture.start(state, null, "1s", null)) {
            awaitAllReady(d);
        }
        assertThat(state.resolve("embedded-cluster.json")).isRegularFile();
        try (DaemonFixture d = DaemonFixture.start(state, null, "1h", null)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(d.get("/readyz").statusCode()).isEqualTo(200));
            // The first cycle after the restart finds every object in place: nothing to create.
            JsonNode changes = d.json("/api/v1/model/deployment/wine/changes");
            assertThat(changes.toString()).contains("UNCHANGED").doesNotContain("CREATED");
            assertThat(d.json("/api/v1/model/deployment/wine").at("/status/state").asText()).isEqualTo("Ready");
        }
    }

    @Test
    void aSignedWebhookAppliesAPushAtOnceAndABadSignatureTriggersNothing() throws Exception {
        Path[] repo = DaemonFixture.exampleRepository(tmp);
        Path work = repo[1];
        Path config = webhookConfig();
        // An hour between polls: only the webhook can explain a prompt reconcile.
        try (DaemonFixture d = DaemonFixture.start(tmp.resolve("state"), repo[0].toString(), "1h", config)) {
            awaitAllReady(d);

            Path wine = work.resolve("deployments/models/wine.yaml");
            Files.writeString(wine, Files.readString(wine).replace("maxReplicas: 1", "maxReplicas: 4"));
            git(work, "commit", "-am", "Let wine scale to 4 replicas");
            git(work, "push", "origin", "main");
            String pushed = git(work, "rev-parse", "HEAD");
            byte[] body = ("{\"ref\":\"refs/heads/main\",\"after\":\"" + pushed + "\"}").getBytes(StandardCharsets.UTF_8);

            assertThat(d.post("/webhook/generic", body, Map.of("X-Signature-256", "sha256=" + "0".repeat(64)))
                    .statusCode()).isEqualTo(401);
            assertThat(d.post("/webhook/generic", body, Map.of()).statusCode()).isEqualTo(401);
            assertThat(d.post("/webhook/github", body, Map.of("X-Hub-Signature-256",
                    "sha256=" + WebhookVerifier.sign("wrong".getBytes(StandardCharsets.UTF_8), body))).statusCode())
                    .isEqualTo(401);
            Thread.sleep(1500);
            assertThat(d.json("/api/v1/model/deployment/wine").at("/spec/maxReplicas").asInt()).isEqualTo(1);

            String signature = "sha256=" + WebhookVerifier.sign(SECRET.getBytes(StandardCharsets.UTF_8), body);
            assertThat(d.post("/webhook/generic", body, Map.of("X-Signature-256", signature)).statusCode())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode wineNow = d.json("/api/v1/model/deployment/wine");
                assertThat(wineNow.at("/spec/maxReplicas").asInt()).isEqualTo(4);
                assertThat(wineNow.at("/status/commitSeen").asText()).isEqualTo(pushed);
            });
            // Knative's autoscaler bound in the cluster follows the manifest.
            JsonNode changes = d.json("/api/v1/model/deployment/wine/changes");
            assertThat(changes.toString()).contains("CONFIGURED");

            // A push to another branch is acknowledged and ignored.
            byte[] other = "{\"ref\":\"refs/heads/experiment\"}".getBytes(StandardCharsets.UTF_8);
            assertThat(d.post("/webhook/generic", other, Map.of("X-Signature-256",
                    "sha256=" + WebhookVerifier.sign(SECRET.getBytes(StandardCharsets.UTF_8), other))).body())
                    .contains("ignored");
        }
    }

    @Test
    void statusGoesToItsOwnBranchAndASteadyStateMakesNoCommits() throws Exception {
        Path[] repo = DaemonFixture.exampleRepository(tmp);
        try (DaemonFixture d = DaemonFixture.start(tmp.resolve("state"), repo[0].toString(), "1h", null)) {
            awaitAllReady(d);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                d.daemon.requestReconcile();
                assertThat(git(repo[0], "show", "modeldeploy-status:status/route-wine-canary.yaml"))
                        .contains("state: Ready");
            });
            String statusHead = git(repo[0], "rev-parse", "modeldeploy-status");
            String mainHead = git(repo[0], "rev-parse", "main");
            for (int i = 0; i < 5; i++) {
                d.daemon.requestReconcile();
                Thread.sleep(300);
            }
            assertThat(git(repo[0], "rev-parse", "modeldeploy-status")).isEqualTo(statusHead);
            assertThat(git(repo[0], "rev-parse", "main")).as("the watched branch is never written").isEqualTo(mainHead);
            assertThat(git(repo[0], "log", "--format=%s", "modeldeploy-status"))
                    .contains("status: applied " + mainHead.substring(0, 7));
        }
    }

    @Test
    void aRemoteThatGoesAwayLeavesTheLastAppliedStateServing() throws Exception {
        Path[] repo = DaemonFixture.exampleRepository(tmp);
        try (DaemonFixture d = DaemonFixture.start(tmp.resolve("state"), repo[0].toString(), "1h", null)) {
            awaitAllReady(d);
            Path away = tmp.resolve("moved-away.git");
            Files.move(repo[0], away);
            d.daemon.requestReconcile();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(d.get("/metrics").body())
                    .containsPattern("modeldeploy_git_fetch_failures_total(\\{[^}]*\\})? [1-9]"));
            assertThat(d.json("/api/v1/source").get("error").asText()).contains("models.git", "not found")
                    .isNotBlank();
            assertThat(d.json("/api/v1/model/deployment").size()).isEqualTo(4);
            assertThat(d.json("/api/v1/model/deployment/wine").at("/status/state").asText()).isEqualTo("Ready");

            Files.move(away, repo[0]);
            Path wine = repo[1].resolve("deployments/models/wine.yaml");
            Files.writeString(wine, Files.readString(wine).replace("minReplicas: 0", "minReplicas: 1"));
            git(repo[1], "commit", "-am", "Keep one wine replica warm");
            git(repo[1], "push", "origin", "main");
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                d.daemon.requestReconcile();
                assertThat(d.json("/api/v1/model/deployment/wine").at("/spec/minReplicas").asInt()).isEqualTo(1);
            });
            assertThat(d.json("/api/v1/source").get("error").isNull()).isTrue();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> containers(GenericKubernetesResource ksvc) {
        Map<String, Object> spec = (Map<String, Object>) ksvc.getAdditionalProperties().get("spec");
        Map<String, Object> template = (Map<String, Object>) spec.get("template");
        return (List<Map<String, Object>>) ((Map<String, Object>) template.get("spec")).get("containers");
    }

    private Path webhookConfig() throws Exception {
        Path secret = tmp.resolve("webhook-secret");
        Files.writeString(secret, SECRET + "\n");
        Path config = tmp.resolve("config.yaml");
        Files.writeString(config, "webhook:\n  secretFile: " + secret + "\nfeedback:\n  enabled: false\n");
        return config;
    }

    private static void awaitAllReady(DaemonFixture d) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            d.daemon.requestReconcile();
            JsonNode deployments = d.json("/api/v1/model/deployment");
            assertThat(deployments.size()).isEqualTo(4);
            for (JsonNode deployment : deployments) {
                assertThat(deployment.at("/status/state").asText()).as(deployment.get("id").asText()).isEqualTo("Ready");
            }
        });
    }
}
