package dev.modeldeploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Named lookups answer what a scan of every stored object would, through creates, relabels and deletes. */
class IndexedCrudDispatcherTest {
    private final EmbeddedCluster cluster = EmbeddedCluster.start(0, "a");
    private final KubernetesClient client = cluster.client();

    @AfterEach
    void close() {
        cluster.close();
    }

    private static ConfigMap configMap(String name, String value, Map<String, String> labels) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .addToData("value", value).build();
    }

    @Test
    void theSameNameInTwoNamespacesStaysTwoObjects() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("b").endMetadata().build()).create();
        client.configMaps().inNamespace("a").resource(configMap("settings", "in a", Map.of())).create();
        client.configMaps().inNamespace("b").resource(configMap("settings", "in b", Map.of())).create();

        assertThat(client.configMaps().inNamespace("a").withName("settings").get().getData()).containsEntry("value", "in a");
        assertThat(client.configMaps().inNamespace("b").withName("settings").get().getData()).containsEntry("value", "in b");
        assertThat(client.configMaps().inNamespace("c").withName("settings").get()).isNull();
    }

    @Test
    void anObjectIsFoundAfterItsLabelsChangeAndNotAfterItIsDeleted() {
        client.configMaps().inNamespace("a").resource(configMap("settings", "1", Map.of("tier", "one"))).create();
        client.configMaps().inNamespace("a").withName("settings")
                .edit(c -> new ConfigMapBuilder(c).editMetadata().withLabels(Map.of("tier", "two")).endMetadata()
                        .addToData("value", "2").build());

        ConfigMap relabelled = client.configMaps().inNamespace("a").withName("settings").get();
        assertThat(relabelled.getMetadata().getLabels()).containsExactlyEntriesOf(Map.of("tier", "two"));
        assertThat(relabelled.getData()).containsEntry("value", "2");
        assertThat(client.configMaps().inNamespace("a").withLabel("tier", "two").list().getItems()).hasSize(1);
        assertThat(client.configMaps().inNamespace("a").withLabel("tier", "one").list().getItems()).isEmpty();

        client.configMaps().inNamespace("a").withName("settings").delete();
        assertThat(client.configMaps().inNamespace("a").withName("settings").get()).isNull();
        // created again under the same name: found, and a second create conflicts
        client.configMaps().inNamespace("a").resource(configMap("settings", "3", Map.of())).create();
        assertThat(client.configMaps().inNamespace("a").withName("settings").get().getData()).containsEntry("value", "3");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> client.configMaps().inNamespace("a")
                .resource(configMap("settings", "4", Map.of())).create()))
                .hasMessageContaining("409");
    }
}
