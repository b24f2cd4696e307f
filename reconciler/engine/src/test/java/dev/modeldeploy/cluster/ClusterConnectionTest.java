package dev.modeldeploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.embedded.EmbeddedCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConnectionTest {

    @TempDir
    Path dir;

    @Test
    void aClientFromTheWrittenKubeconfigSeesTheSameObjects() {
        try (EmbeddedCluster cluster = EmbeddedCluster.start(0, "models")) {
            cluster.client().configMaps().inNamespace("models")
                    .resource(new ConfigMapBuilder().withNewMetadata().withName("hello").endMetadata()
                            .addToData("k", "v").build()).create();
            Path kubeconfig = cluster.writeKubeconfig(dir.resolve("state/kubeconfig"));

            try (KubernetesClient fromFile = ClusterConnection.fromKubeconfig(kubeconfig, null)) {
                assertThat(fromFile.getNamespace()).isEqualTo("models");
                assertThat(fromFile.configMaps().withName("hello").get().getData()).containsEntry("k", "v");
                assertThat(cluster.serves(fromFile)).isTrue();
            }
        }
    }
}
