package dev.modeldeploy.sync;

import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.cache.LiveObjectListener;
import dev.modeldeploy.kube.KubeApiServerExtension;
import dev.modeldeploy.metrics.ReconcileMetrics;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.Owner;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An API server of the given kind with a probe on its requests, a started cache and an engine, for one test. */
final class EngineFixture implements AutoCloseable {
    static final ReconcileOptions FAST = ReconcileOptions.DEFAULT
            .withRetry(new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(20)));

    final TestServer server;
    final ApiProbe api;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<Owner> drifted = new CopyOnWriteArrayList<>();
    LiveObjectCache cache;
    ReconcileEngine engine;

    EngineFixture(ServerKind kind, KubeApiServerExtension kube) {
        this(kind, kube, FAST);
    }

    EngineFixture(ServerKind kind, KubeApiServerExtension kube, ReconcileOptions options) {
        server = TestServer.of(kind, kube, TestManifests.NAMESPACE);
        api = server.probe();
        api.clear();
        startEngine(options);
    }

    /** For the test's own reads and hand edits, straight to the server. */
    io.fabric8.kubernetes.client.KubernetesClient client() {
        return server.client();
    }

    /** A new cache and engine over the same cluster, as after a restart of the daemon. */
    void startEngine(ReconcileOptions options) {
        startEngine(options, null);
    }

    /** As {@link #startEngine(ReconcileOptions)}, with a listener on the cache from before its informers start. */
    void startEngine(ReconcileOptions options, LiveObjectListener firstListener) {
        cache = new LiveObjectCache(server.client(), TestManifests.NAMESPACE);
        if (firstListener != null) {
            cache.addListener(firstListener);
        }
        cache.start(Duration.ofSeconds(10));
        engine = new ReconcileEngine(server.engineClient(), cache, options, new ReconcileMetrics(registry));
        engine.onDrift(drifted::add);
    }

    void stopEngine() {
        engine.close();
        cache.close();
    }

    GenericKubernetesResource live(ManagedKind kind, String name) {
        return server.client().genericKubernetesResources(LiveObjectCache.context(kind))
                .inNamespace(TestManifests.NAMESPACE).withName(name).get();
    }

    List<GenericKubernetesResource> liveAll(ManagedKind kind) {
        return server.client().genericKubernetesResources(LiveObjectCache.context(kind))
                .inNamespace(TestManifests.NAMESPACE).list().getItems();
    }

    /** Someone else (kubectl, another controller) merge-patches an object. */
    GenericKubernetesResource patchByHand(ManagedKind kind, String name, String mergePatch) {
        return server.client().genericKubernetesResources(LiveObjectCache.context(kind))
                .inNamespace(TestManifests.NAMESPACE).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
    }

    double counter(String name, String... tags) {
        var search = registry.find(name).tags(tags);
        return search.counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() {
        stopEngine();
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
