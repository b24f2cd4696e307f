package dev.modeldeploy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modeldeploy.cluster.ApiRecorder;
import dev.modeldeploy.cluster.EmbeddedCluster;
import dev.modeldeploy.render.ManagedKind;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveObjectCacheTest {
    private final ApiRecorder api = new ApiRecorder();
    private final EmbeddedCluster cluster = EmbeddedCluster.start(0, "models", api);

    @AfterEach
    void close() {
        cluster.close();
    }

    private void configMap(String name, boolean managed) {
        var builder = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("models").endMetadata();
        if (managed) {
            builder.editMetadata().addToLabels("app.kubernetes.io/managed-by", "modeldeploy").endMetadata();
        }
        cluster.client().configMaps().inNamespace("models").resource(builder.build()).create();
    }

    @Test
    void holdsOnlyLabelledObjectsAndFollowsTheirChanges() {
        configMap("ours", true);
        configMap("theirs", false);
        List<String> events = new CopyOnWriteArrayList<>();
        try (LiveObjectCache cache = new LiveObjectCache(cluster.client(), "models").start(Duration.ofSeconds(10))) {
            cache.addListener((key, now) -> events.add(key.name() + (now == null ? " deleted" : " changed")));

            assertThat(cache.all()).extracting(o -> o.getMetadata().getName()).containsExactly("ours");
            configMap("later", true);
            cluster.client().configMaps().inNamespace("models").withName("ours").delete();

            await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("later changed") && events.contains("ours deleted"));
            assertThat(cache.get(new ObjectKey("v1", "ConfigMap", "later"))).isPresent();
            assertThat(cache.get(new ObjectKey("v1", "ConfigMap", "ours"))).isEmpty();
            assertThat(events).noneMatch(e -> e.startsWith("theirs"));
        }
    }

    @Test
    void aKindTheServerDoesNotServeIsLeftOutAndTheOthersWork() {
        api.fail("GET", "/podmonitors", 404, 1000);
        configMap("ours", true);

        try (LiveObjectCache cache = new LiveObjectCache(cluster.client(), "models").start(Duration.ofSeconds(10))) {
            assertThat(cache.unavailableKinds()).containsExactly(ManagedKind.POD_MONITOR);
            assertThat(cache.all()).hasSize(1);
        }
    }
}
