package dev.modeldeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.embedded.EmbeddedCluster;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ApplyCommandTest {
    private static final String NAMESPACE = ClusterSettings.defaults().namespace();
    private static final String DEPLOYMENTS = """
            kind: ModelDeployment
            id: wine-a
            spec:
              predictor: odahu-ml-server
              image: registry.example.com/wine:1
            ---
            kind: ModelDeployment
            id: wine-b
            spec:
              predictor: odahu-ml-server
              image: registry.example.com/wine:2
            """;
    private static final String ROUTE = """
            kind: ModelRoute
            id: wine-split
            spec:
              urlPrefix: /custom/wine
              modelDeployments:
                - mdName: wine-a
                  weight: 90
                - mdName: wine-b
                  weight: 10
            """;

    @TempDir
    Path dir;

    private final EmbeddedCluster cluster = EmbeddedCluster.start(0, NAMESPACE);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void close() {
        cluster.close();
    }

    private int apply(String... args) {
        CommandLine cli = new CommandLine(new ApplyCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path manifests() throws IOException {
        Path folder = dir.resolve("manifests");
        Files.createDirectories(folder.resolve("routes"));
        Files.writeString(folder.resolve("wine.yaml"), DEPLOYMENTS);
        Files.writeString(folder.resolve("routes/split.yaml"), ROUTE);
        return folder;
    }

    private GenericKubernetesResource live(ManagedKind kind, String name) {
        return cluster.client().genericKubernetesResources(LiveObjectCache.context(kind)).inNamespace(NAMESPACE)
                .withName(name).get();
    }

    @Test
    void appliesAFolderAndPrintsTheChangeSet() throws IOException {
        Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
        Path folder = manifests();

        int exit = apply("--kubeconfig", kubeconfig.toString(), folder.toString());

        assertThat(exit).as(err.toString()).isZero();
        String table = out.toString();
        assertThat(table.lines().findFirst().orElseThrow()).matches("ACTION +KIND +NAME +OWNER +REASON");
        assertThat(table).containsPattern("created +Service +wine-a +ModelDeployment/wine-a")
                .contains("ModelRoute/wine-split")
                .containsPattern("namespace " + NAMESPACE + ", working-tree: \\d+ created, 0 configured, 0 unchanged, "
                        + "0 deleted, 0 failed, 0 skipped");
        assertThat(live(ManagedKind.KNATIVE_SERVICE, "wine-a")).isNotNull();

        out.getBuffer().setLength(0);
        assertThat(apply("--kubeconfig", kubeconfig.toString(), "--commit", "second", folder.toString())).isZero();
        assertThat(out.toString()).contains("second: 0 created, 0 configured").doesNotContain("\ncreated");
    }

    @Test
    void anInvalidManifestExitsOneAndLeavesItsLiveObjectsAlone() throws IOException {
        Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
        Path folder = manifests();
        assertThat(apply("--kubeconfig", kubeconfig.toString(), folder.toString())).isZero();
        String before = live(ManagedKind.KNATIVE_SERVICE, "wine-b").getMetadata().getResourceVersion();

        Files.writeString(folder.resolve("wine.yaml"), DEPLOYMENTS.replace("image: registry.example.com/wine:2", "image: 42")
                .replace("wine:1", "wine:1.1"));
        out.getBuffer().setLength(0);
        int exit = apply("--kubeconfig", kubeconfig.toString(), folder.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).containsPattern("wine.yaml:\\d+:\\d+: error: wine-b: \\$\\.spec\\.image");
        assertThat(out.toString()).containsPattern("configured +Service +wine-a")
                .containsPattern("failed +Service +wine-b +ModelDeployment/wine-b +wine.yaml:");
        assertThat(live(ManagedKind.KNATIVE_SERVICE, "wine-b").getMetadata().getResourceVersion()).isEqualTo(before);
    }

    @Test
    void otherOdahuKindsInABulkFileAreSkippedWithAWarningAndTheFileStillDeploys() throws IOException {
        Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
        Path folder = manifests();
        assertThat(apply("--kubeconfig", kubeconfig.toString(), folder.toString())).isZero();

        Files.writeString(folder.resolve("wine.yaml"), """
                kind: Connection
                id: docker-ci
                spec:
                  type: docker
                ---
                """ + DEPLOYMENTS.replace("wine:2", "wine:3") + """
                ---
                kind: ModelPackaging
                id: wine-packaging
                spec:
                  integrationName: docker-rest
                """);
        out.getBuffer().setLength(0);
        int exit = apply("--kubeconfig", kubeconfig.toString(), folder.toString());

        // skipped documents make nothing invalid: the file's deployments are applied, nothing is deleted or protected
        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString().lines()).containsExactly(
                "wine.yaml:1:7: warning: docker-ci: $.kind: ODAHU Connection skipped: modeldeploy deploys models; "
                        + "it does not train or package (a private registry for imagePullConnID is a docker-registry Secret)",
                "wine.yaml:18:7: warning: wine-packaging: $.kind: ODAHU ModelPackaging skipped: modeldeploy deploys "
                        + "models; it does not train or package");
        assertThat(out.toString()).containsPattern("configured +Service +wine-b")
                .contains(" 0 deleted, 0 failed");
    }

    @Test
    void pruneCanBeTurnedOff() throws IOException {
        Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
        Path folder = manifests();
        assertThat(apply("--kubeconfig", kubeconfig.toString(), folder.toString())).isZero();
        Files.delete(folder.resolve("routes/split.yaml"));

        out.getBuffer().setLength(0);
        assertThat(apply("--kubeconfig", kubeconfig.toString(), "--no-prune", folder.toString())).isZero();
        assertThat(out.toString()).containsPattern("skipped +VirtualService .*prune is off");

        out.getBuffer().setLength(0);
        assertThat(apply("--kubeconfig", kubeconfig.toString(), folder.toString())).isZero();
        assertThat(out.toString()).containsPattern("deleted +VirtualService .*ModelRoute/wine-split");
    }

    @Test
    void theEmbeddedClusterIsADryRun() throws IOException {
        int exit = apply("--cluster", "embedded", manifests().toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("created +Service +wine-b")
                .contains("embedded cluster: in memory only");
    }

    @Test
    void usageErrorsExitTwo() throws IOException {
        Path folder = manifests();
        assertThat(apply()).isEqualTo(2);
        assertThat(apply(dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(apply("--cluster", "embedded", "--kubeconfig", "x", folder.toString())).isEqualTo(2);
        assertThat(apply("--cluster", "moon", folder.toString())).isEqualTo(2);
        assertThat(apply("--max-delete-share", "3", "--cluster", "embedded", folder.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file or folder").contains("--cluster must be");
    }
}
