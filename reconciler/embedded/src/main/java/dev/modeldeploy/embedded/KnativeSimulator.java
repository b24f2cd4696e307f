package dev.modeldeploy.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for Knative Serving's controller, for the embedded API server only (it refuses any other): it
 * watches Knative Services and, for each new generation, does what Knative would report:
 * <ol>
 *   <li>at once: creates Revision &lt;name&gt;-0000N (N+1 per spec change), sets status.observedGeneration,
 *       latestCreatedRevisionName and conditions ConfigurationsReady/RoutesReady/Ready Unknown;</li>
 *   <li>after readyDelay: either all three True, status.url http://&lt;name&gt;.&lt;namespace&gt;.example.com,
 *       latestReadyRevisionName, traffic 100% to it, and the Revision's desiredReplicas/actualReplicas =
 *       max(1, autoscaling.knative.dev/min-scale); or, when the first container has no image or its image name
 *       contains "fail", ConfigurationsReady and Ready False with reason RevisionFailed, while the previous ready
 *       revision (if any) keeps the traffic, as in Knative.</li>
 * </ol>
 * Deleting a Service deletes its Revisions. Nothing runs real containers.
 */
public final class KnativeSimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KnativeSimulator.class);
    static final ResourceDefinitionContext SERVICES = new ResourceDefinitionContext.Builder()
            .withGroup("serving.knative.dev").withVersion("v1").withKind("Service").withPlural("services")
            .withNamespaced(true).build();
    static final ResourceDefinitionContext REVISIONS = new ResourceDefinitionContext.Builder()
            .withGroup("serving.knative.dev").withVersion("v1").withKind("Revision").withPlural("revisions")
            .withNamespaced(true).build();
    private static final String SERVICE_LABEL = "serving.knative.dev/service";

    private final KubernetesClient client;
    private final EmbeddedCluster cluster;
    private final String namespace;
    private final Duration readyDelay;
    private final Map<String, Long> scheduledGeneration = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;
    private SharedIndexInformer<GenericKubernetesResource> informer;

    /**
     * @param client     a client of the embedded server (checked on start)
     * @param cluster    the embedded server
     * @param namespace  where to watch Knative Services
     * @param readyDelay how long a new revision takes to become ready
     */
    public KnativeSimulator(KubernetesClient client, EmbeddedCluster cluster, String namespace, Duration readyDelay) {
        this.client = client;
        this.cluster = cluster;
        this.namespace = namespace;
        this.readyDelay = readyDelay;
    }

    public synchronized KnativeSimulator start() {
        if (!cluster.serves(client)) {
            throw new IllegalStateException("the Knative simulator runs only against the embedded API server "
                    + cluster.url() + ", and this client talks to " + client.getMasterUrl()
                    + "; a real cluster needs real Knative Serving");
        }
        if (informer != null) {
            return this;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "knative-simulator");
            thread.setDaemon(true);
            return thread;
        });
        informer = client.genericKubernetesResources(SERVICES).inNamespace(namespace).inform(new Handler(), 0);
        log.info("Knative simulator started for namespace {} (simulated revisions become ready after {} ms)",
                namespace, readyDelay.toMillis());
        return this;
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.stop();
            informer = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
        @Override
        public void onAdd(GenericKubernetesResource service) {
            consider(service);
        }

        @Override
        public void onUpdate(GenericKubernetesResource oldService, GenericKubernetesResource service) {
            consider(service);
        }

        @Override
        public void onDelete(GenericKubernetesResource service, boolean deletedFinalStateUnknown) {
            String name = service.getMetadata().getName();
            scheduledGeneration.remove(name);
            submit(() -> client.genericKubernetesResources(REVISIONS).inNamespace(namespace)
                    .withLabel(SERVICE_LABEL, name).delete());
        }
    }

    private void consider(GenericKubernetesResource service) {
        String name = service.getMetadata().getName();
        long generation = service.getMetadata().getGeneration() == null ? 1 : service.getMetadata().getGeneration();
        JsonNode observed = tree(service).path("status").path("observedGeneration");
        if (observed.isNumber() && observed.asLong() >= generation) {
            return;
        }
        Long scheduled = scheduledGeneration.get(name);
        if (scheduled != null && scheduled >= generation) {
            return;
        }
        scheduledGeneration.put(name, generation);
        submit(() -> startRevision(name, generation));
    }

    private void startRevision(String name, long generation) {
        GenericKubernetesResource service = services().withName(name).get();
        if (service == null || !Long.valueOf(generation).equals(service.getMetadata().getGeneration())) {
            return;
        }
        JsonNode status = tree(service).path("status");
        int number = revisionNumber(status.path("latestCreatedRevisionName").asText("")) + 1;
        String revision = "%s-%05d".formatted(name, number);
        createRevision(service, revision, generation);
        updateServiceStatus(name, s -> {
            s.put("observedGeneration", generation);
            s.put("latestCreatedRevisionName", revision);
            s.set("conditions", conditions("Unknown", "Deploying", "revision " + revision + " is being deployed",
                    routesReadyNow(s)));
            return s;
        });
        executor.schedule(safely(() -> finishRevision(name, generation, revision)), readyDelay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void finishRevision(String name, long generation, String revision) {
        try {
            GenericKubernetesResource service = services().withName(name).get();
            if (service == null || !Long.valueOf(generation).equals(service.getMetadata().getGeneration())) {
                return;
            }
            JsonNode template = tree(service).path("spec").path("template");
            String image = template.path("spec").path("containers").path(0).path("image").asText("");
            if (image.isBlank() || image.contains("fail")) {
                String message = image.isBlank()
                        ? "Revision \"" + revision + "\" failed with message: the container has no image."
                        : "Revision \"" + revision + "\" failed with message: Unable to fetch image \"" + image
                          + "\" (simulated failure).";
                updateRevisionStatus(revision, false, 0);
                updateServiceStatus(name, s -> {
                    s.set("conditions", conditions("False", "RevisionFailed", message, routesReadyNow(s)));
                    return s;
                });
                log.info("simulated Knative: {} revision {} failed", name, revision);
                return;
            }
            int replicas = Math.max(1, minScale(template));
            updateRevisionStatus(revision, true, replicas);
            updateServiceStatus(name, s -> {
                s.put("url", "http://%s.%s.example.com".formatted(name, namespace));
                s.putObject("address").put("url", "http://%s.%s.svc.cluster.local".formatted(name, namespace));
                s.put("latestReadyRevisionName", revision);
                ArrayNode traffic = s.putArray("traffic");
                traffic.addObject().put("revisionName", revision).put("latestRevision", true).put("percent", 100);
                s.set("conditions", conditions("True", null, null, true));
                return s;
            });
            log.info("simulated Knative: {} revision {} ready with {} replicas", name, revision, replicas);
        } finally {
            scheduledGeneration.remove(name, generation);
        }
    }

    private void createRevision(GenericKubernetesResource service, String revision, long generation) {
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion("serving.knative.dev/v1");
        object.setKind("Revision");
        object.setMetadata(new ObjectMetaBuilder()
                .withName(revision)
                .withNamespace(namespace)
                .addToLabels(SERVICE_LABEL, service.getMetadata().getName())
                .addToLabels("serving.knative.dev/configurationGeneration", String.valueOf(generation))
                .addNewOwnerReference().withApiVersion("serving.knative.dev/v1").withKind("Service")
                .withName(service.getMetadata().getName()).withUid(service.getMetadata().getUid()).endOwnerReference()
                .build());
        object.setAdditionalProperty("spec", tree(service).path("spec").path("template").path("spec"));
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.set("conditions", readyCondition("Unknown", "Deploying"));
        status.put("desiredReplicas", 0).put("actualReplicas", 0);
        object.setAdditionalProperty("status", status);
        try {
            client.genericKubernetesResources(REVISIONS).inNamespace(namespace).resource(object).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    private void updateRevisionStatus(String revision, boolean ready, int replicas) {
        updateStatus(client.genericKubernetesResources(REVISIONS).inNamespace(namespace).withName(revision)::get,
                REVISIONS, s -> {
                    s.set("conditions", readyCondition(ready ? "True" : "False", ready ? null : "RevisionFailed"));
                    s.put("desiredReplicas", replicas).put("actualReplicas", replicas);
                    return s;
                });
    }

    private void updateServiceStatus(String name, UnaryOperator<ObjectNode> change) {
        updateStatus(services().withName(name)::get, SERVICES, change);
    }

    /** Knative writes status through the status subresource; a conflict means re-read and write again. */
    private void updateStatus(Supplier<GenericKubernetesResource> read, ResourceDefinitionContext context,
                              UnaryOperator<ObjectNode> change) {
        for (int attempt = 1; attempt <= 5; attempt++) {
            GenericKubernetesResource current = read.get();
            if (current == null) {
                return;
            }
            JsonNode existing = tree(current).path("status");
            ObjectNode status = existing.isObject() ? ((ObjectNode) existing).deepCopy() : JsonNodeFactory.instance.objectNode();
            current.setAdditionalProperty("status", Serialization.jsonMapper().convertValue(change.apply(status), Map.class));
            try {
                client.genericKubernetesResources(context).inNamespace(namespace).resource(current).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
        log.warn("simulated Knative gave up updating a status after 5 conflicts");
    }

    private static boolean routesReadyNow(ObjectNode status) {
        return status.hasNonNull("latestReadyRevisionName");
    }

    private static ArrayNode conditions(String ready, String reason, String message, boolean routesReady) {
        ArrayNode conditions = JsonNodeFactory.instance.arrayNode();
        String now = Instant.now().toString();
        condition(conditions, "ConfigurationsReady", ready, reason, message, now);
        condition(conditions, "Ready", ready, reason, message, now);
        if (routesReady && !"True".equals(ready)) {
            condition(conditions, "RoutesReady", "True", null, null, now);
        } else {
            condition(conditions, "RoutesReady", ready, reason, message, now);
        }
        return conditions;
    }

    private static ArrayNode readyCondition(String ready, String reason) {
        ArrayNode conditions = JsonNodeFactory.instance.arrayNode();
        condition(conditions, "Ready", ready, reason, null, Instant.now().toString());
        return conditions;
    }

    private static void condition(ArrayNode conditions, String type, String status, String reason, String message,
                                  String now) {
        ObjectNode c = conditions.addObject().put("type", type).put("status", status).put("lastTransitionTime", now);
        if (reason != null) {
            c.put("reason", reason);
        }
        if (message != null) {
            c.put("message", message);
        }
    }

    private static int minScale(JsonNode template) {
        JsonNode annotations = template.path("metadata").path("annotations");
        for (String key : new String[] {"autoscaling.knative.dev/min-scale", "autoscaling.knative.dev/minScale"}) {
            if (annotations.hasNonNull(key)) {
                try {
                    return Integer.parseInt(annotations.get(key).asText().trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static int revisionNumber(String revisionName) {
        int dash = revisionName.lastIndexOf('-');
        if (dash < 0) {
            return 0;
        }
        try {
            return Integer.parseInt(revisionName.substring(dash + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void submit(Runnable work) {
        ScheduledExecutorService current = executor;
        if (current == null) {
            return;
        }
        current.execute(safely(work));
    }

    private static Runnable safely(Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("Knative simulator step failed: {}", e.toString());
            }
        };
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> services() {
        return client.genericKubernetesResources(SERVICES).inNamespace(namespace);
    }

    private static JsonNode tree(GenericKubernetesResource resource) {
        return Serialization.jsonMapper().valueToTree(resource);
    }
}
