package dev.modeldeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RenderCommandTest {
    private static final Path EXAMPLES = Path.of("../../examples-repo");
    private static final Path SETTINGS = EXAMPLES.resolve("cluster-settings.yaml");
    private static final Path GOLDEN = Path.of("../../renderers/src/test/resources/golden");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RenderCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void rendersTheExamplesExactlyAsTheGoldenFilesStably() throws IOException {
        Run first = run("--cluster-config", SETTINGS.toString(), EXAMPLES.toString());
        assertThat(first.err()).isEmpty();
        assertThat(first.exit()).isZero();
        // The golden files were rendered with a known commit per file; the CLI knows none and leaves it out.
        String expected = Stream.of("deployments/models/densenet.yaml", "deployments/models/resnet-gpu.yaml",
                        "deployments/models/wine.yaml", "deployments/models/wine-v2.yaml",
                        "deployments/routes/wine-ab.yaml", "deployments/routes/wine-canary.yaml",
                        "deployments/routes/wine-rollout.yaml", "deployments/routes/wine-shadow.yaml")
                .map(file -> read(GOLDEN.resolve(file)))
                .collect(Collectors.joining())
                .lines().filter(line -> !line.contains("modeldeploy.dev/source-commit"))
                .collect(Collectors.joining("\n", "", "\n"));
        // The loader names files as given on the command line, relative to the working folder.
        assertThat(first.out().replace("source-file: ../../examples-repo/", "source-file: ")).isEqualTo(expected);
        assertThat(run("--cluster-config", SETTINGS.toString(), EXAMPLES.toString()).out()).isEqualTo(first.out());
    }

    @Test
    void writesOneFilePerObject() throws IOException {
        Path out = dir.resolve("rendered");
        Run run = run("-o", out.toString(), "--cluster-config", SETTINGS.toString(), EXAMPLES.resolve("deployments/models/wine.yaml").toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("wrote 6 objects to " + out);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly(
                    "authorizationpolicy-wine.yaml", "configmap-wine-openapi.yaml", "podmonitor-wine.yaml",
                    "requestauthentication-wine.yaml", "service-wine.yaml", "virtualservice-wine-model.yaml");
        }
        assertThat(Files.readString(out.resolve("service-wine.yaml")))
                .startsWith("---\napiVersion: serving.knative.dev/v1\nkind: Service\n");
    }

    @Test
    void invalidManifestsAreReportedAndTheValidOnesStillRendered() throws IOException {
        Files.writeString(dir.resolve("good.yaml"), """
                kind: ModelDeployment
                id: good
                spec:
                  predictor: odahu-ml-server
                  image: registry.example.com/good:1
                """);
        Files.writeString(dir.resolve("bad.yaml"), """
                kind: ModelDeployment
                id: bad
                spec:
                  predictor: tensorflow
                  image: registry.example.com/bad:1
                """);
        Files.writeString(dir.resolve("conflict.yaml"), """
                kind: ModelDeployment
                id: conflict
                spec:
                  predictor: odahu-ml-server
                  image: registry.example.com/c:1
                  annotations:
                    autoscaling.knative.dev/min-scale: "2"
                """);
        Run run = run(dir.toString());
        assertThat(run.exit()).isEqualTo(1);
        List<String> errors = run.err().lines().toList();
        assertThat(errors).containsExactly(
                dir + "/bad.yaml:4:14: error: bad: $.spec.predictor: unknown value 'tensorflow' (expected one of: "
                        + "odahu-ml-server, triton)",
                dir + "/conflict.yaml:1:1: error: conflict: $.spec.annotations['autoscaling.knative.dev/min-scale']: "
                        + "annotation autoscaling.knative.dev/min-scale is set by modeldeploy from spec.minReplicas; "
                        + "remove it from spec.annotations",
                "2 errors in 2 of 3 files; the other manifests were rendered");
        assertThat(run.out()).contains("name: good\n").doesNotContain("name: bad\n").doesNotContain("name: conflict\n");
    }

    @Test
    void usageErrorsExitWithTwo() throws IOException {
        assertThat(run().exit()).isEqualTo(2);
        assertThat(run(dir.resolve("missing").toString()).exit()).isEqualTo(2);
        Path settings = dir.resolve("settings.yaml");
        Files.writeString(settings, "namespace: models\nnamespaces: typo\n");
        Run bad = run("--cluster-config", settings.toString(), EXAMPLES.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: " + settings + ":2:").contains("unknown field \"namespaces\"");
        assertThat(bad.out()).isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
