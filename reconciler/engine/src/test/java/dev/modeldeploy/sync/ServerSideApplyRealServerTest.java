package dev.modeldeploy.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.cache.ObjectKey;
import dev.modeldeploy.cluster.ClusterConnection;
import dev.modeldeploy.kube.KubeApiServerExtension;
import dev.modeldeploy.metrics.ReconcileMetrics;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.RenderedManifest;
import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSet;
import dev.modeldeploy.sync.common.ChangeSetEntry;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both write paths (merge patch and server-side apply) against a real API server: create, no-op, change, removal
 * of a field and healing of a hand edit, with another field manager's field left alone.
 */
class ServerSideApplyRealServerTest {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

    private static RenderedManifest configMap(Map<String, String> data) {
        GenericKubernetesResource object = TestManifests.object("v1", "ConfigMap", "model-1-openapi",
                TestManifests.deployment("model-1"), "deployments/model-1.yaml");
        object.setAdditionalProperty("data", data);
        return new RenderedManifest(TestManifests.deployment("model-1"), "deployments/model-1.yaml", List.of(object));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void convergesAndLeavesOthersFieldsAlone(boolean serverSide) throws Exception {
        String namespace = serverSide ? "ssa" : "merge";
        Path kubeconfig = KUBE.server().kubeconfig();
        try (KubernetesClient client = ClusterConnection.fromKubeconfig(kubeconfig, namespace)) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                    .createOr(existing -> existing.update());
            try (LiveObjectCache cache = new LiveObjectCache(client, namespace,
                    List.of(ManagedKind.SECRET, ManagedKind.CONFIG_MAP)).start(Duration.ofSeconds(60));
                 ReconcileEngine engine = new ReconcileEngine(client, cache,
                         EngineFixture.FAST.withServerSideApply(serverSide), ReconcileMetrics.inMemory())) {
                ChangeSet created = engine.reconcile(TestManifests.state("c1", List.of(configMap(Map.of("a", "1", "b", "2")))));
                assertThat(created.entries()).singleElement().extracting(ChangeSetEntry::action).isEqualTo(Action.CREATED);
                String version = live(client, namespace).getMetadata().getResourceVersion();

                ChangeSet noop = engine.reconcile(TestManifests.state("c1", List.of(configMap(Map.of("a", "1", "b", "2")))));
                assertThat(noop.entries()).singleElement().extracting(ChangeSetEntry::action).isEqualTo(Action.UNCHANGED);
                assertThat(live(client, namespace).getMetadata().getResourceVersion()).isEqualTo(version);

                client.configMaps().inNamespace(namespace).withName("model-1-openapi")
                        .edit(cm -> { cm.getData().put("a", "edited"); cm.getData().put("theirs", "x"); return cm; });
                await().atMost(Duration.ofSeconds(30)).until(() -> cache.get(new ObjectKey("v1", "ConfigMap", "model-1-openapi"))
                        .map(cm -> cm.getAdditionalProperties().get("data").toString().contains("theirs")).orElse(false));
                ChangeSet changed = engine.reconcile(TestManifests.state("c2", List.of(configMap(Map.of("a", "1")))));
                assertThat(changed.entries()).singleElement().extracting(ChangeSetEntry::action).isEqualTo(Action.CONFIGURED);
                // a: edited by hand, set back; b: no longer in Git, removed; theirs: never ours, kept (with server-side
                // apply because another field manager owns it, with merge patch because we never set it)
                assertThat(live(client, namespace).getData()).containsEntry("a", "1").doesNotContainKey("b")
                        .containsEntry("theirs", "x");
            }
        }
    }

    private static ConfigMap live(KubernetesClient client, String namespace) {
        return client.configMaps().inNamespace(namespace).withName("model-1-openapi").get();
    }
}
