package dev.modeldeploy.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.daemon.Daemon;
import dev.modeldeploy.daemon.DaemonConfig;
import dev.modeldeploy.daemon.RunOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The odahuflowctl-style CLI against a daemon running on its embedded default: reads with jsonpath, and a new
 * deployment created through Git that the CLI waits on until the daemon reports it Ready.
 */
class EmbeddedDaemonCliTest {
    @TempDir
    static Path tmp;
    private static Daemon daemon;
    private static String url;

    @BeforeAll
    static void start() {
        daemon = Daemon.start(RunOptions.resolve(DaemonConfig.empty(), RunOptions.Flags.none()
                .withStateDir(tmp.resolve("state")).withPort(0).withInterval("1s").withCluster("embedded")
                .withFeedback(false)));
        url = "http://127.0.0.1:" + daemon.port();
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void jsonpathReadsTheExamples() {
        CliHarness cli = new CliHarness(tmp);
        CliHarness.Result images = cli.deployment("get", "--url", url, "-o", "jsonpath=[*].spec.image");
        assertThat(images.exitCode()).as(images.err()).isZero();
        assertThat(images.out()).contains("gcr.io/project/test-e2e-wine-1.0:b591c752-43d4-43e0-8392-9a5715b67573");

        CliHarness.Result wine = cli.deployment("get", "--url", url, "--id", "wine", "-o", "jsonpath=[*].spec.roleName");
        assertThat(wine.out().strip()).isEqualTo("wine-users");

        CliHarness.Result unknown = cli.deployment("get", "--url", url, "--id", "nope");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("nope");
    }

    @Test
    void theExampleRolloutShowsInRouteGetAndIsAbortedThroughGit() throws Exception {
        CliHarness cli = new CliHarness(tmp.resolve("rollout-user"));
        // no Prometheus on the embedded default: the rollout holds its first step (its first check is a minute away)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                cli.route("get", "--url", url, "--id", "wine-rollout").out()).contains("Progressing 1/4"));
        CliHarness.Result get = cli.route("get", "--url", url, "--id", "wine-rollout");
        assertThat(get.out()).containsPattern("wine-rollout\\s+\\S+\\s+/custom/wine-rollout\\s+wine=90,wine-v2=10\\s+Progressing 1/4")
                .contains("wine-rollout rollout: started: step 1 of 4 (wine-v2 at 10%), checked after 1m");

        CliHarness.Result abort = cli.route("rollout", "abort", "wine-rollout", "--url", url, "--wait", "--timeout", "60s");

        assertThat(abort.exitCode()).as(abort.out() + abort.err()).isZero();
        assertThat(abort.out()).contains("\"route rollout abort wine-rollout (modeldeploy CLI)\"",
                "route wine-rollout: rollout Aborted, all traffic to wine");
        CliHarness.Result after = cli.route("get", "--url", url, "--id", "wine-rollout");
        assertThat(after.out()).containsPattern("wine=100,wine-v2=0\\s+Aborted\\s")
                .contains("wine-rollout rollout: aborted through Git (spec.rollout.abort) at step 1 of 4 (wine-v2 at 10%); "
                        + "all traffic to wine");
        Process show = new ProcessBuilder("git", "--git-dir", tmp.resolve("state/examples.git").toString(), "show",
                "main:deployments/routes/wine-rollout.yaml").redirectErrorStream(true).start();
        String committed = new String(show.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(committed).as("only that line changed").contains("  rollout:\n    abort: true\n    stable: wine\n")
                .contains("# Progressive delivery: wine-v2 takes over");

        CliHarness.Result again = cli.route("rollout", "abort", "wine-rollout", "--url", url);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).startsWith("nothing to commit");
        CliHarness.Result noRollout = cli.route("rollout", "abort", "wine-canary", "--url", url);
        assertThat(noRollout.exitCode()).isEqualTo(1);
        assertThat(noRollout.err()).contains("cannot abort the rollout of route \"wine-canary\" in deployments/routes/wine-canary.yaml: "
                + "route wine-canary has no spec.rollout to abort");
    }

    @Test
    void createThroughGitAndWaitUntilReady() throws Exception {
        Path manifest = tmp.resolve("iris.yaml");
        Files.writeString(manifest, """
                kind: ModelDeployment
                id: iris
                spec:
                  predictor: odahu-ml-server
                  image: registry.example.com/iris:1.0
                  minReplicas: 1
                """);
        CliHarness.Result created = new CliHarness(tmp).deployment("create", "--url", url, "-f", manifest.toString(),
                "--wait", "--timeout", "90s");
        assertThat(created.exitCode()).as(created.out() + created.err()).isZero();
        assertThat(created.out() + created.err()).contains("Ready");

        CliHarness.Result iris = new CliHarness(tmp).deployment("get", "--url", url, "--id", "iris", "-o", "json");
        assertThat(iris.out()).contains("\"state\" : \"Ready\"").contains("registry.example.com/iris:1.0");
    }
}
