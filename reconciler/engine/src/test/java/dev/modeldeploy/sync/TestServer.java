package dev.modeldeploy.sync;

import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.embedded.ApiRecorder;
import dev.modeldeploy.embedded.EmbeddedCluster;
import dev.modeldeploy.kube.AuditLog;
import dev.modeldeploy.kube.FaultProxy;
import dev.modeldeploy.kube.KubeApiServer;
import dev.modeldeploy.kube.KubeApiServerExtension;
import dev.modeldeploy.render.ManagedKind;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One engine test's API server: a client for the test's own reads and the engine's informers, a client the
 * engine writes through, and the probe that shows what the server received.
 */
final class TestServer implements AutoCloseable {
    private final KubernetesClient client;
    private final KubernetesClient engineClient;
    private final ApiProbe probe;
    private final AutoCloseable resources;
    private final ApiRecorder recorder;

    private TestServer(KubernetesClient client, KubernetesClient engineClient, ApiProbe probe, AutoCloseable resources,
                       ApiRecorder recorder) {
        this.client = client;
        this.engineClient = engineClient;
        this.probe = probe;
        this.resources = resources;
        this.recorder = recorder;
    }

    /** The embedded server's request recorder, for tests of what the mock alone can show (its server-side apply stand-in). */
    ApiRecorder recorder() {
        if (recorder == null) {
            throw new IllegalStateException("only the embedded server has a recorder");
        }
        return recorder;
    }

    static TestServer of(ServerKind kind, KubeApiServerExtension kube, String namespace) {
        return switch (kind) {
            case EMBEDDED -> embedded(namespace);
            case REAL -> real(kube.server(), namespace);
        };
    }

    private static TestServer embedded(String namespace) {
        ApiRecorder recorder = new ApiRecorder();
        EmbeddedCluster cluster = EmbeddedCluster.start(0, namespace, recorder);
        ApiProbe probe = new ApiProbe() {
            @Override
            public List<String> writes() {
                return recorder.writes();
            }

            @Override
            public void clear() {
                recorder.clear();
            }

            @Override
            public ApiProbe fail(String method, String pathPart, int status, int times) {
                recorder.fail(method, pathPart, status, times);
                return this;
            }

            @Override
            public void clearFaults() {
                recorder.clearFaults();
            }
        };
        return new TestServer(cluster.client(), cluster.client(), probe, cluster, recorder);
    }

    /**
     * On the shared real server a test starts from an empty namespace: whatever an earlier test of the class left
     * there is deleted first (no controller runs, so custom resources go at once).
     */
    private static TestServer real(KubeApiServer server, String namespace) {
        server.ensureNamespace(namespace);
        KubernetesClient admin = server.adminClient();
        emptyNamespace(admin, namespace);
        FaultProxy proxy = new FaultProxy(server.url(), server.caPem());
        KubernetesClient throughProxy = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(proxy.url()).withOauthToken(server.adminToken())
                        .withNamespace(namespace).withHttp2Disable(true).withRequestRetryBackoffLimit(0).build())
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
        AuditLog audit = server.auditLog();
        audit.clear();
        ApiProbe probe = new ApiProbe() {
            @Override
            public List<String> writes() {
                List<String> all = new ArrayList<>();
                audit.writesBy(KubeApiServer.ADMIN_USER).forEach(w -> all.add(w.toString()));
                all.addAll(proxy.injected());
                return all;
            }

            @Override
            public void clear() {
                audit.clear();
                proxy.clearInjected();
            }

            @Override
            public ApiProbe fail(String method, String pathPart, int status, int times) {
                proxy.fail(method, pathPart, status, times);
                return this;
            }

            @Override
            public void clearFaults() {
                proxy.clearFaults();
            }
        };
        return new TestServer(admin, throughProxy, probe, () -> {
            throughProxy.close();
            proxy.close();
            admin.close();
        }, null);
    }

    private static void emptyNamespace(KubernetesClient admin, String namespace) {
        for (ManagedKind kind : ManagedKind.ALL) {
            var objects = admin.genericKubernetesResources(LiveObjectCache.context(kind)).inNamespace(namespace);
            objects.delete();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> objects.list().getItems().isEmpty());
        }
    }

    KubernetesClient client() {
        return client;
    }

    KubernetesClient engineClient() {
        return engineClient;
    }

    ApiProbe probe() {
        return probe;
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
