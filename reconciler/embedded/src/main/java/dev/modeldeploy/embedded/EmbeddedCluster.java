package dev.modeldeploy.embedded;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kubernetes API server inside this JVM: fabric8's mock server in CRUD mode, on loopback over plain HTTP.
 * It keeps every object in memory only, so its state is gone when the process ends. It has no controllers:
 * nothing reacts to objects unless {@link KnativeSimulator} is started, and it lacks server-side apply,
 * validation and managedFields. A strategic merge patch (what {@code kubectl edit} sends for built-in kinds) is
 * applied as a JSON merge patch: the same result for ConfigMaps and Secrets, whose data are maps, but lists in other
 * built-ins are replaced whole instead of merged by key. It answers kubectl's discovery and Table requests for the
 * kinds in {@link ApiCatalog} (see {@link DiscoveryDispatcher}), so kubectl works with the kubeconfig it writes.
 * Its JSON merge patch is
 * made to follow RFC 7386 like a real API server's (null deletes a field, a list is replaced whole; see
 * {@link StandardMergePatchDispatcher}).
 */
public final class EmbeddedCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedCluster.class);
    /** The mock server logs every request at INFO through java.util.logging; held here so the level sticks. */
    private static final java.util.logging.Logger REQUEST_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");
    private static final int REQUEST_TIMEOUT_MILLIS = 30_000;

    static {
        REQUEST_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final String defaultNamespace;
    private final KubernetesClient client;

    private EmbeddedCluster(KubernetesMockServer server, String defaultNamespace) {
        this.server = server;
        this.defaultNamespace = defaultNamespace;
        this.client = newClient();
    }

    /** Starts on 127.0.0.1:port (0 = any free port). */
    public static EmbeddedCluster start(int port, String defaultNamespace) {
        return start(port, defaultNamespace, UnaryOperator.identity());
    }

    /**
     * Starts with the CRUD dispatcher wrapped by requestFilter, which sees every HTTP request first: tests use it
     * to count writes or to answer some requests with errors.
     */
    public static EmbeddedCluster start(int port, String defaultNamespace, UnaryOperator<Dispatcher> requestFilter) {
        Dispatcher dispatcher = requestFilter.apply(
                new DiscoveryDispatcher(new CoreGroupIsolation(new StandardMergePatchDispatcher()), ApiCatalog.load()));
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), port);
        EmbeddedCluster cluster = new EmbeddedCluster(server, defaultNamespace);
        // the mock needs no Namespace object, but kubectl users expect to see the namespace listed
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(defaultNamespace)
                .endMetadata().build()).create();
        log.info("embedded Kubernetes API (in-memory, no controllers) listening on {}", cluster.url());
        return cluster;
    }

    /** Base URL without a trailing slash, e.g. http://127.0.0.1:34567. */
    public String url() {
        String url = server.url("/");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public int port() {
        return server.getPort();
    }

    public String defaultNamespace() {
        return defaultNamespace;
    }

    /**
     * A new client of this server over the JDK HTTP client, tuned as the engine's clients of real clusters are
     * (no request retries of fabric8's own, 30 s request timeout); the caller closes it.
     */
    public KubernetesClient newClient() {
        ConfigBuilder config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withTrustCerts(true)
                // the mock server speaks HTTP/1.1 only; the JDK client would otherwise try an h2c upgrade
                .withHttp2Disable(true)
                .withRequestRetryBackoffLimit(0)
                .withRequestTimeout(REQUEST_TIMEOUT_MILLIS);
        if (defaultNamespace != null && !defaultNamespace.isBlank()) {
            config.withNamespace(defaultNamespace);
        }
        return new KubernetesClientBuilder()
                .withConfig(config.build())
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }

    /** A client of this server over the JDK HTTP client; closed with the cluster. */
    public KubernetesClient client() {
        return client;
    }

    /** Whether a client talks to this server (and not to some real cluster). */
    public boolean serves(KubernetesClient other) {
        String master = other.getMasterUrl().toString();
        return stripSlash(master).equals(url());
    }

    /** Writes a kubeconfig for kubectl, curl users and other processes; the server needs no credentials. */
    public Path writeKubeconfig(Path file) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: modeldeploy-embedded
                  cluster:
                    server: %s
                contexts:
                - name: modeldeploy-embedded
                  context:
                    cluster: modeldeploy-embedded
                    namespace: %s
                    user: modeldeploy-embedded
                current-context: modeldeploy-embedded
                users:
                - name: modeldeploy-embedded
                  user: {}
                """.formatted(url(), defaultNamespace);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
