package dev.modeldeploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedClusterTest {
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    @TempDir
    Path dir;

    @Test
    void kubectlWorksAgainstTheWrittenKubeconfig() throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at /usr/bin/kubectl");
        try (EmbeddedCluster cluster = EmbeddedCluster.start(0, "models")) {
            cluster.client().configMaps().inNamespace("models")
                    .resource(new ConfigMapBuilder().withNewMetadata().withName("hello").endMetadata().build()).create();
            Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));

            String namespaces = kubectl(kubeconfig, "get", "--raw", "/api/v1/namespaces");
            String configMaps = kubectl(kubeconfig, "get", "--raw", "/api/v1/namespaces/models/configmaps");

            assertThat(namespaces).contains("\"name\":\"models\"");
            assertThat(configMaps).contains("\"name\":\"hello\"");
        }
    }

    private static String kubectl(Path kubeconfig, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 3];
        command[0] = KUBECTL.toString();
        command[1] = "--kubeconfig";
        command[2] = kubeconfig.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("kubectl exit code, output: " + output).isZero();
        return output;
    }
}
