package dev.modeldeploy.daemon;

import static dev.modeldeploy.daemon.DaemonFixture.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.analysis.IstioExporter;
import dev.modeldeploy.analysis.PrometheusProcess;
import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.cluster.ClusterConnection;
import dev.modeldeploy.render.ManagedKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollouts end to end: the daemon on its embedded cluster, a repository pushed with the git client, and a real
 * Prometheus (Debian's binary) scraping simulated Istio sidecars whose candidate error rate and latency each test
 * sets. Steps and intervals are seconds long. Each test has its own deployments, so its traffic is its own.
 */
class RolloutDaemonTest {
    private static final String NAMESPACE = "modeldeploy";
    private static final Duration LONG_ENOUGH = Duration.ofSeconds(120);

    @TempDir
    static Path shared;
    static IstioExporter exporter;
    static PrometheusProcess prometheus;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startPrometheus() throws Exception {
        exporter = new IstioExporter();
        prometheus = PrometheusProcess.start(shared.resolve("prometheus"), exporter.target());
    }

    @AfterAll
    static void stopPrometheus() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    /** A repository with two deployments and a route between them whose rollout is the given YAML (indented 4). */
    private Path repository(String stable, String candidate, String route, String rollout) throws IOException {
        Path bare = tmp.resolve("models.git");
        Path work = tmp.resolve("work");
        Files.createDirectories(bare);
        git(bare, "init", "--bare", "--initial-branch=main");
        Files.createDirectories(work.resolve("deployments"));
        for (String id : List.of(stable, candidate)) {
            Files.writeString(work.resolve("deployments/" + id + ".yaml"), """
                    kind: ModelDeployment
                    id: %s
                    spec:
                      predictor: odahu-ml-server
                      image: registry.example.com/models/%s:1
                    """.formatted(id, id));
        }
        Files.writeString(work.resolve("deployments/" + route + ".yaml"), """
                kind: ModelRoute
                id: %s
                spec:
                  urlPrefix: /custom/%s
                  modelDeployments:
                    - mdName: %s
                    - mdName: %s
                  rollout:
                    stable: %s
                    candidate: %s
                %s""".formatted(route, route, stable, candidate, stable, candidate, rollout.indent(4)));
        git(work, "init", "--initial-branch=main");
        git(work, "add", ".");
        git(work, "commit", "-m", "Two models and a rollout between them");
        git(work, "remote", "add", "origin", bare.toString());
        git(work, "push", "origin", "main");
        return bare;
    }

    private DaemonFixture daemon(Path state, Path bare, boolean withPrometheus) throws IOException {
        Path settings = tmp.resolve("cluster-settings.yaml");
        Files.writeString(settings, "namespace: " + NAMESPACE + "\n"
                + (withPrometheus ? "prometheus:\n  url: " + prometheus.url() + "\n  queryTimeout: 2s\n" : ""));
        Path config = tmp.resolve("config.yaml");
        Files.writeString(config, "cluster:\n  settingsFile: " + settings + "\n");
        return DaemonFixture.start(state, bare.toString(), "1s", config);
    }

    /** The route's status.rollout, missing until the daemon has read the route. */
    private static JsonNode rollout(DaemonFixture d, String route) throws IOException {
        var response = d.get("/api/v1/model/route/" + route);
        if (response.statusCode() == 404) {
            return DaemonFixture.JSON.missingNode();
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return DaemonFixture.JSON.readTree(response.body()).path("status").path("rollout");
    }

    /** (phase, step, candidate weight) each time it changes, until the phase is reached or the time is up. */
    private static List<String> watchUntil(DaemonFixture d, String route, String phase, Duration atMost) {
        List<String> seen = new ArrayList<>();
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode rollout = rollout(d, route);
            if (rollout.isObject()) {
                String now = rollout.path("phase").asText() + " " + rollout.path("step").asInt() + " "
                        + rollout.path("candidateWeight").asInt();
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) {
                    seen.add(now);
                }
            }
            return phase.equals(rollout.path("phase").asText());
        });
        return seen;
    }

    /** The weights of the route's default split on the live VirtualService, by destination host's first label. */
    @SuppressWarnings("unchecked")
    private static Map<String, Integer> liveWeights(DaemonFixture d, String route) {
        try (KubernetesClient kube = ClusterConnection.fromKubeconfig(d.daemon.kubeconfig().orElseThrow(), NAMESPACE)) {
            GenericKubernetesResource vs = kube.genericKubernetesResources(LiveObjectCache.context(ManagedKind.VIRTUAL_SERVICE))
                    .inNamespace(NAMESPACE).withName(route + "-route").get();
            List<Map<String, Object>> http = (List<Map<String, Object>>) ((Map<String, Object>) vs.getAdditionalProperties()
                    .get("spec")).get("http");
            Map<String, Integer> weights = new LinkedHashMap<>();
            for (Map<String, Object> destination : (List<Map<String, Object>>) http.get(http.size() - 1).get("route")) {
                Map<String, Object> headers = (Map<String, Object>) destination.get("headers");
                String host = (String) ((Map<String, Object>) ((Map<String, Object>) headers.get("request")).get("set")).get("Host");
                weights.put(host.substring(0, host.indexOf('.')), ((Number) destination.get("weight")).intValue());
            }
            return weights;
        }
    }

    @Test
    void aHealthyCandidateIsPromotedThroughEveryStep() throws Exception {
        exporter.revision(NAMESPACE, "good").serve(50, 0, 20);
        exporter.revision(NAMESPACE, "good-v2").serve(50, 0, 20);
        Path bare = repository("good", "good-v2", "good-rollout", """
                steps: [20, 60, 100]
                interval: 3s
                analysis:
                  successRate: {min: 99}
                  latency: {percentile: 99, maxMs: 300}
                  minRequests: 20
                  failureLimit: 2
                """);
        try (DaemonFixture d = daemon(tmp.resolve("state"), bare, true)) {
            List<String> seen = watchUntil(d, "good-rollout", "Promoted", LONG_ENOUGH);

            assertThat(seen).containsSubsequence("Progressing 1 20", "Progressing 2 60", "Progressing 3 100", "Promoted 3 100");
            JsonNode rollout = rollout(d, "good-rollout");
            assertThat(rollout.path("reason").asText()).matches("step 3 of 3 \\(good-v2 at 100%\\) passed \\([0-9]+ requests, "
                    + "success rate 100\\.00% >= 99%, p99 latency [0-9.]+ms <= 300ms\\); promoted: good-v2 takes all traffic");
            assertThat(rollout.path("failedChecks").asInt()).isZero();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(liveWeights(d, "good-rollout")).isEqualTo(Map.of("good", 0, "good-v2", 100)));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    git(bare, "show", "modeldeploy-status:status/route-good-rollout.yaml"))
                    .contains("phase: Promoted", "candidateWeight: 100", "stableWeight: 0"));
            String metrics = d.get("/metrics").body();
            assertThat(metrics).containsPattern("modeldeploy_rollout_transitions_total\\{event=\"advanced\",route=\"good-rollout\"} 2");
            assertThat(metrics).containsPattern("modeldeploy_rollout_transitions_total\\{event=\"promoted\",route=\"good-rollout\"} 1");
            assertThat(metrics).containsPattern("modeldeploy_rollout_candidate_weight\\{route=\"good-rollout\"} 100");
        }
    }

    @Test
    void aFailingCandidateIsRolledBackAfterFailureLimitChecks() throws Exception {
        exporter.revision(NAMESPACE, "bad").serve(50, 0, 20);
        exporter.revision(NAMESPACE, "bad-v2").serve(50, 0.3, 20);
        Path bare = repository("bad", "bad-v2", "bad-rollout", """
                steps: [20, 60, 100]
                interval: 3s
                analysis:
                  successRate: {min: 99}
                  minRequests: 20
                  failureLimit: 2
                """);
        try (DaemonFixture d = daemon(tmp.resolve("state"), bare, true)) {
            List<String> seen = watchUntil(d, "bad-rollout", "RolledBack", LONG_ENOUGH);

            assertThat(seen).as("never past the first step").allMatch(s -> s.matches("(Progressing|RolledBack) 1 (20|0)"));
            JsonNode rollout = rollout(d, "bad-rollout");
            assertThat(rollout.path("failedChecks").asInt()).isEqualTo(2);
            assertThat(rollout.path("reason").asText()).matches("check 2 of 2 allowed failed at step 1 of 3 \\(bad-v2 at 20%\\) "
                    + "\\(success rate (69|70|71)\\.[0-9]{2}% < 99%\\); rolled back: all traffic to bad");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(liveWeights(d, "bad-rollout")).isEqualTo(Map.of("bad", 100, "bad-v2", 0)));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    git(bare, "show", "modeldeploy-status:status/route-bad-rollout.yaml")).contains("phase: RolledBack"));
            assertThat(git(bare, "log", "--format=%s", "modeldeploy-status").lines().count())
                    .as("one status commit per transition at most, not one per cycle").isLessThan(12);
        }
    }

    @Test
    void stoppingPrometheusMidRolloutPausesItAndItGoesOnWhenDataReturns() throws Exception {
        exporter.revision(NAMESPACE, "outage").serve(50, 0, 20);
        exporter.revision(NAMESPACE, "outage-v2").serve(50, 0, 20);
        Path bare = repository("outage", "outage-v2", "outage-rollout", """
                steps: [20, 50, 100]
                interval: 3s
                analysis:
                  successRate: {min: 99}
                  minRequests: 20
                  failureLimit: 2
                  noDataTimeout: 6s
                """);
        try (DaemonFixture d = daemon(tmp.resolve("state"), bare, true)) {
            watchUntil(d, "outage-rollout", "Progressing", LONG_ENOUGH);
            await().atMost(LONG_ENOUGH).until(() -> rollout(d, "outage-rollout").path("step").asInt() == 2);
            prometheus.stop();
            try {
                List<String> seen = watchUntil(d, "outage-rollout", "Paused", Duration.ofSeconds(60));
                assertThat(seen).last().isEqualTo("Paused 2 50");
                JsonNode paused = rollout(d, "outage-rollout");
                assertThat(paused.path("reason").asText()).startsWith("paused at step 2 of 3 (outage-v2 at 50%): no data since ")
                        .contains("(noDataTimeout 6s): Prometheus at " + prometheus.url() + " is unreachable: ")
                        .endsWith("it goes on once a check has data, and never promotes without");
                await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    JsonNode now = rollout(d, "outage-rollout");
                    assertThat(now.path("phase").asText()).isEqualTo("Paused");
                    assertThat(now.path("candidateWeight").asInt()).isEqualTo(50);
                });
                assertThat(liveWeights(d, "outage-rollout")).isEqualTo(Map.of("outage", 50, "outage-v2", 50));
            } finally {
                prometheus.start();
            }
            List<String> after = watchUntil(d, "outage-rollout", "Promoted", LONG_ENOUGH);
            assertThat(after).containsSubsequence("Progressing 3 100", "Promoted 3 100");
        }
    }

    @Test
    void aDaemonRestartMidRolloutResumesAtTheSameStepFromTheStatusBranch() throws Exception {
        exporter.revision(NAMESPACE, "restart").serve(50, 0, 20);
        exporter.revision(NAMESPACE, "restart-v2").serve(50, 0, 20);
        Path bare = repository("restart", "restart-v2", "restart-rollout", """
                steps: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
                interval: 3s
                analysis:
                  successRate: {min: 99}
                  minRequests: 20
                """);
        Path state = tmp.resolve("state");
        JsonNode before;
        try (DaemonFixture d = daemon(state, bare, true)) {
            await().atMost(LONG_ENOUGH).until(() -> rollout(d, "restart-rollout").path("step").asInt() >= 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> git(bare, "show",
                    "modeldeploy-status:status/route-restart-rollout.yaml").matches("(?s).*\\n  step: ([3-9]|10)\\n.*"));
            before = rollout(d, "restart-rollout");
        }
        int recordedStep = Integer.parseInt(git(bare, "show", "modeldeploy-status:status/route-restart-rollout.yaml")
                .replaceAll("(?s).*\\n  step: ([0-9]+)\\n.*", "$1"));
        // without the embedded cluster's saved objects, only the status branch remembers the rollout
        Files.deleteIfExists(state.resolve("embedded-cluster.json"));

        try (DaemonFixture d = daemon(state, bare, true)) {
            await().atMost(LONG_ENOUGH).until(() -> rollout(d, "restart-rollout").isObject());
            JsonNode resumed = rollout(d, "restart-rollout");
            assertThat(resumed.path("step").asInt()).as("resumed, not restarted").isGreaterThanOrEqualTo(recordedStep);
            assertThat(resumed.path("startedAt").asText()).isEqualTo(before.path("startedAt").asText());
            String metrics = d.get("/metrics").body();
            assertThat(metrics).doesNotContain("event=\"started\"").doesNotContain("event=\"restarted\"");
            watchUntil(d, "restart-rollout", "Promoted", LONG_ENOUGH);
        }
    }

    @Test
    void withoutPrometheusTheRolloutPausesForLackOfDataAndSaysSo() throws Exception {
        Path bare = repository("quiet", "quiet-v2", "quiet-rollout", """
                steps: [50, 100]
                interval: 2s
                analysis:
                  successRate: {min: 99}
                  noDataTimeout: 4s
                """);
        try (DaemonFixture d = daemon(tmp.resolve("state"), bare, false)) {
            List<String> seen = watchUntil(d, "quiet-rollout", "Paused", LONG_ENOUGH);

            assertThat(seen).last().isEqualTo("Paused 1 50");
            assertThat(rollout(d, "quiet-rollout").path("reason").asText()).contains(
                    "no Prometheus configured (set prometheus.url in the cluster settings)", "never promotes without");
        }
    }
}
