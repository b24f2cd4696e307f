package dev.modeldeploy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modeldeploy.embedded.ApiRecorder;
import dev.modeldeploy.embedded.EmbeddedCluster;
import dev.modeldeploy.render.ManagedKind;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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

    @Test
    void aStartedCacheHoldsEveryListedObjectWhileItsEventsAreStillOnTheirWay() throws InterruptedException {
        configMap("first", true);
        configMap("second", true);
        configMap("third", true);
        // the informer hands its events to handlers on another thread, later than start() returns; a listener
        // that holds that thread makes "later" as long as the test needs, as a loaded machine does by chance
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        LiveObjectCache cache = new LiveObjectCache(cluster.client(), "models");
        cache.addListener((key, now) -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (cache) {
            cache.start(Duration.ofSeconds(10));

            assertThat(cache.all()).extracting(o -> o.getMetadata().getName())
                    .containsExactlyInAnyOrder("first", "second", "third");
            assertThat(cache.get(new ObjectKey("v1", "ConfigMap", "third"))).isPresent();
        } finally {
            release.countDown();
        }
    }

    @Test
    void ourWritesAndDeletesShowBeforeTheWatchCatchesUpAndAnOlderStateNeverWins() {
        configMap("ours", true);
        ObjectKey key = new ObjectKey("v1", "ConfigMap", "ours");
        try (LiveObjectCache cache = new LiveObjectCache(cluster.client(), "models").start(Duration.ofSeconds(10))) {
            GenericKubernetesResource listed = cache.get(key).orElseThrow();
            long version = Long.parseLong(listed.getMetadata().getResourceVersion());

            // answers the server has given but the watch not yet shown (the server itself never sees these)
            cache.recordWrite(withVersion(listed, version + 10, "later"));
            cache.recordWrite(withVersion(listed, version + 5, "older"));
            assertThat(cache.get(key)).hasValueSatisfying(o -> assertThat(o.getMetadata().getAnnotations())
                    .containsEntry("step", "later"));

            cache.recordDelete(key);
            assertThat(cache.get(key)).isEmpty();
            assertThat(cache.all()).isEmpty();
            cache.recordWrite(withVersion(listed, version + 20, "recreated"));
            assertThat(cache.all()).extracting(o -> o.getMetadata().getAnnotations().get("step"))
                    .containsExactly("recreated");
        }
    }

    private static GenericKubernetesResource withVersion(GenericKubernetesResource object, long version, String step) {
        GenericKubernetesResource copy = Serialization.clone(object);
        copy.getMetadata().setResourceVersion(Long.toString(version));
        copy.getMetadata().setAnnotations(Map.of("step", step));
        return copy;
    }
}
