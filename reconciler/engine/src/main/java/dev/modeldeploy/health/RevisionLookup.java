package dev.modeldeploy.health;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds Knative Revisions by name. A daemon watches them (one informer per namespace), so building every
 * deployment's status costs no request per deployment; a one-shot command reads each one from the API server.
 * A name the watch has not seen yet (a revision created a moment ago) is read from the API server too.
 */
public final class RevisionLookup implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RevisionLookup.class);
    public static final ResourceDefinitionContext REVISIONS = new ResourceDefinitionContext.Builder()
            .withGroup("serving.knative.dev").withVersion("v1").withKind("Revision").withPlural("revisions")
            .withNamespaced(true).build();

    private final KubernetesClient client;
    private final String namespace;
    private final SharedIndexInformer<GenericKubernetesResource> informer;

    private RevisionLookup(KubernetesClient client, String namespace,
                           SharedIndexInformer<GenericKubernetesResource> informer) {
        this.client = client;
        this.namespace = namespace;
        this.informer = informer;
    }

    /** Reads each revision from the API server when asked. */
    public static RevisionLookup direct(KubernetesClient client, String namespace) {
        return new RevisionLookup(client, namespace, null);
    }

    /**
     * Watches the namespace's revisions; when they cannot be watched (no Knative, or RBAC allows only get) it says
     * why and reads each one when asked.
     */
    public static RevisionLookup watching(KubernetesClient client, String namespace, Duration syncTimeout) {
        SharedIndexInformer<GenericKubernetesResource> informer =
                client.genericKubernetesResources(REVISIONS).inNamespace(namespace).runnableInformer(0);
        try {
            informer.start().toCompletableFuture().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new RevisionLookup(client, namespace, informer);
        } catch (Exception e) {
            informer.close();
            log.warn("cannot watch Knative revisions in {} ({}); reading each one when health is computed",
                    namespace, e.getMessage());
            return direct(client, namespace);
        }
    }

    public GenericKubernetesResource get(String name) {
        if (informer != null) {
            GenericKubernetesResource watched = informer.getStore().getByKey(namespace + "/" + name);
            if (watched != null) {
                return watched;
            }
        }
        try {
            return client.genericKubernetesResources(REVISIONS).inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            log.debug("cannot read revision {}: {}", name, e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
    }
}
