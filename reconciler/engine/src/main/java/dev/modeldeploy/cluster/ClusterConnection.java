package dev.modeldeploy.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds the fabric8 client the reconciler talks through, always over the JDK HTTP client. The client's own
 * request retries are switched off: the reconcile engine retries each object itself, with its own backoff, and
 * reports what it gave up on.
 */
public final class ClusterConnection {
    private static final int REQUEST_TIMEOUT_MILLIS = 30_000;

    private ClusterConnection() {
    }

    /** From a kubeconfig file (its current context); namespace overrides the context's when not null. */
    public static KubernetesClient fromKubeconfig(Path kubeconfig, String namespace) {
        return fromKubeconfig(kubeconfig, namespace, null);
    }

    /** @param userAgent what the API server logs as this client, or null for fabric8's own */
    public static KubernetesClient fromKubeconfig(Path kubeconfig, String namespace, String userAgent) {
        String content;
        try {
            content = Files.readString(kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
        }
        Config config = Config.fromKubeconfig(null, content, kubeconfig.toAbsolutePath().toString());
        return build(tune(new ConfigBuilder(config), namespace, userAgent));
    }

    /** From the default kubeconfig lookup ($KUBECONFIG, then ~/.kube/config), as kubectl does. */
    public static KubernetesClient fromDefaultKubeconfig(String namespace) {
        return fromDefaultKubeconfig(namespace, null);
    }

    public static KubernetesClient fromDefaultKubeconfig(String namespace, String userAgent) {
        return build(tune(new ConfigBuilder(Config.autoConfigure(null)), namespace, userAgent));
    }

    /** From the service account mounted into a pod; fails outside a pod. */
    public static KubernetesClient inCluster(String namespace) {
        return inCluster(namespace, null);
    }

    public static KubernetesClient inCluster(String namespace, String userAgent) {
        if (System.getenv("KUBERNETES_SERVICE_HOST") == null) {
            throw new IllegalStateException(
                    "in-cluster mode needs KUBERNETES_SERVICE_HOST (set inside a pod); use --kubeconfig outside a cluster");
        }
        // fabric8's auto-configuration reads the mounted token (and re-reads it when it rotates) and the CA
        return build(tune(new ConfigBuilder(Config.autoConfigure(null)), namespace, userAgent));
    }

    private static ConfigBuilder tune(ConfigBuilder config, String namespace, String userAgent) {
        if (namespace != null && !namespace.isBlank()) {
            config.withNamespace(namespace);
        }
        if (userAgent != null) {
            config.withUserAgent(userAgent);
        }
        return config
                .withRequestRetryBackoffLimit(0)
                .withRequestTimeout(REQUEST_TIMEOUT_MILLIS);
    }

    private static KubernetesClient build(ConfigBuilder config) {
        return new KubernetesClientBuilder()
                .withConfig(config.build())
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }
}
