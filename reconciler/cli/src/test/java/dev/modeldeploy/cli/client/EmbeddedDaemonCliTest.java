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
