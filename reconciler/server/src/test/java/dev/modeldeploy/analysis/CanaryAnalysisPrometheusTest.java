package dev.modeldeploy.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modeldeploy.manifest.RolloutAnalysis;
import dev.modeldeploy.manifest.RolloutSpec;
import dev.modeldeploy.rollout.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks against a real Prometheus (Debian's binary) scraping simulated Istio sidecars every second. Each test
 * uses its own deployments, so the traffic it sets is all its checks see.
 */
class CanaryAnalysisPrometheusTest {
    private static final String NAMESPACE = "models";
    private static final Duration WINDOW = Duration.ofSeconds(4);
    private static final Duration SETTLE = Duration.ofSeconds(45);

    @TempDir
    static Path folder;
    static IstioExporter exporter;
    static PrometheusProcess prometheus;
    static CanaryAnalysis analysis;

    @BeforeAll
    static void startPrometheus() throws Exception {
        exporter = new IstioExporter();
        prometheus = PrometheusProcess.start(folder.resolve("prometheus"), exporter.target());
        analysis = new CanaryAnalysis(new PrometheusClient(prometheus.url(), Duration.ofSeconds(5)), NAMESPACE);
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

    private static RolloutSpec rollout(String stable, String candidate, RolloutAnalysis checks) {
        return new RolloutSpec(stable, candidate, List.of(50, 100), Duration.ofSeconds(4), checks, false);
    }

    private static RolloutAnalysis absolute(double minSuccess, double maxMs) {
        return new RolloutAnalysis(minSuccess, null, 99, maxMs, null, 20, 2, Duration.ofSeconds(12));
    }

    /** The first verdict with data, checked over the last WINDOW (the stable since twice that). */
    private static Verdict firstVerdictWithData(RolloutSpec spec) {
        AtomicReference<Verdict> verdict = new AtomicReference<>();
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).until(() -> {
            Instant now = Instant.now();
            verdict.set(analysis.run(spec, now.minus(WINDOW), now.minus(WINDOW.multipliedBy(2)), now));
            return verdict.get().outcome() != Verdict.Outcome.NO_DATA;
        });
        return verdict.get();
    }

    @Test
    void aHealthyCandidatePasses() {
        exporter.revision(NAMESPACE, "healthy-a").serve(50, 0, 20);
        exporter.revision(NAMESPACE, "healthy-b").serve(50, 0, 20);

        Verdict verdict = firstVerdictWithData(rollout("healthy-a", "healthy-b", absolute(99, 300)));

        assertThat(verdict.outcome()).as(verdict.detail()).isEqualTo(Verdict.Outcome.PASS);
        assertThat(verdict.detail()).matches("[0-9]+ requests, success rate 100\\.00% >= 99%, p99 latency 2[0-9]\\.[0-9]{2}ms <= 300ms");
    }

    @Test
    void errorsAndSlownessFailWithWhatWasMeasured() {
        exporter.revision(NAMESPACE, "errors-b").serve(50, 0.2, 20);
        exporter.revision(NAMESPACE, "slow-b").serve(50, 0, 800);

        Verdict errors = firstVerdictWithData(rollout("errors-a", "errors-b", absolute(99, 300)));
        Verdict slow = firstVerdictWithData(rollout("slow-a", "slow-b", absolute(99, 300)));

        assertThat(errors.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(errors.detail()).matches("success rate (79|80|81)\\.[0-9]{2}% < 99%");
        assertThat(slow.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(slow.detail()).matches("p99 latency 9[0-9]{2}\\.[0-9]{2}ms > 300ms");
    }

    @Test
    void onlyTheCandidatesOwnPodsCount() {
        // its callers' sidecars report the same requests (reporter="source"), and another deployment's name starts
        // with the candidate's: neither may leak into the candidate's figures
        exporter.revision(NAMESPACE, "lookalike-b").serve(50, 0, 20);
        exporter.workload(NAMESPACE, "lookalike-b-00001-deployment", "source").serve(50, 1, 5000);
        exporter.revision(NAMESPACE, "lookalike-bb").serve(50, 1, 5000);
        exporter.workload("elsewhere", "lookalike-b-00001-deployment", "destination").serve(50, 1, 5000);

        Verdict verdict = firstVerdictWithData(rollout("lookalike-a", "lookalike-b", absolute(99, 300)));

        assertThat(verdict.outcome()).as(verdict.detail()).isEqualTo(Verdict.Outcome.PASS);
    }

    @Test
    void tooFewRequestsIsNoDataNeverAPass() throws Exception {
        exporter.revision(NAMESPACE, "quiet-b").serve(1, 0, 20);
        Thread.sleep(WINDOW.plusSeconds(3).toMillis());

        Instant now = Instant.now();
        Verdict verdict = analysis.run(rollout("quiet-a", "quiet-b", absolute(99, 300)), now.minus(WINDOW), now.minus(WINDOW), now);

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.NO_DATA);
        assertThat(verdict.detail()).matches("[0-9] requests to quiet-b in the last 4s, fewer than minRequests 20");
    }

    @Test
    void thresholdsRelativeToStableCompareWithTheStableDeployment() {
        exporter.revision(NAMESPACE, "relative-a").serve(50, 0.02, 100);
        exporter.revision(NAMESPACE, "relative-b").serve(50, 0.04, 100);
        RolloutAnalysis withinOnePoint = new RolloutAnalysis(null, 1.0, 99, null, 1.5, 20, 2, Duration.ofSeconds(12));
        RolloutAnalysis withinFivePoints = new RolloutAnalysis(null, 5.0, 99, null, 1.5, 20, 2, Duration.ofSeconds(12));

        Verdict strict = firstVerdictWithData(rollout("relative-a", "relative-b", withinOnePoint));
        Verdict lenient = firstVerdictWithData(rollout("relative-a", "relative-b", withinFivePoints));

        assertThat(strict.outcome()).as(strict.detail()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(strict.detail()).matches("success rate 9[56]\\.[0-9]{2}% vs stable's 9[78]\\.[0-9]{2}%, more than 1 points below");
        assertThat(lenient.outcome()).as(lenient.detail()).isEqualTo(Verdict.Outcome.PASS);
        assertThat(lenient.detail()).contains("within 5 points below", "x stable's", "<= 1.5x");
    }

    @Test
    void aStableWithoutTrafficLeavesRelativeChecksWithoutData() {
        exporter.revision(NAMESPACE, "lonely-b").serve(50, 0, 20);
        RolloutAnalysis relative = new RolloutAnalysis(null, 1.0, 99, null, null, 20, 2, Duration.ofSeconds(12));

        AtomicReference<Verdict> verdict = new AtomicReference<>();
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).until(() -> {
            Instant now = Instant.now();
            verdict.set(analysis.run(rollout("lonely-a", "lonely-b", relative), now.minus(WINDOW), now.minus(WINDOW), now));
            return verdict.get().detail().contains("stable");
        });

        assertThat(verdict.get().outcome()).isEqualTo(Verdict.Outcome.NO_DATA);
        assertThat(verdict.get().detail()).isEqualTo("0 requests to stable lonely-a since the rollout began, fewer than minRequests 20");
    }

    @Test
    void withoutPrometheusEveryCheckHasNoData() throws Exception {
        Instant now = Instant.now();
        RolloutSpec spec = rollout("x-a", "x-b", absolute(99, 300));

        Verdict notConfigured = new CanaryAnalysis(null, NAMESPACE).run(spec, now.minus(WINDOW), now, now);
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Verdict unreachable = new CanaryAnalysis(new PrometheusClient("http://127.0.0.1:" + closedPort, Duration.ofSeconds(2)), NAMESPACE)
                .run(spec, now.minus(WINDOW), now, now);

        assertThat(notConfigured).isEqualTo(Verdict.noData(CanaryAnalysis.NOT_CONFIGURED));
        assertThat(unreachable.outcome()).isEqualTo(Verdict.Outcome.NO_DATA);
        assertThat(unreachable.detail()).startsWith("Prometheus at http://127.0.0.1:" + closedPort + " is unreachable: ");
    }
}
