package dev.modeldeploy.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>Like Knative's controller, it works on many Services at once: each Service's steps run in order, on a pool of
 * workers shared by all Services, and the ready delay of each revision is a timer, not a sleeping worker, so a
 * thousand Services applied together become ready about readyDelay after each was applied. A step that fails
 * (the API server refused a write) is retried with backoff, as a controller requeues its key.
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
    /** Enough to keep the API server busy while some workers wait for its responses; the steps are I/O. */
    private static final int WORKERS = 8;
    private static final int ATTEMPTS = 5;
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);

    private final KubernetesClient client;
    private final EmbeddedCluster cluster;
    private final String namespace;
    private final Duration readyDelay;
    private final Map<String, Long> scheduledGeneration = new ConcurrentHashMap<>();
    /** What this simulator did to each Service, so a step needs no read of its own writes. */
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    /** Per Service, the last step queued: the next one runs after it, so one Service's steps never overlap. */
    private final Map<String, CompletableFuture<Void>> lastStep = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private ExecutorService workers;
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
        timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("knative-simulator-timer"));
        workers = Executors.newFixedThreadPool(WORKERS, daemonThreads("knative-simulator-"));
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
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (workers != null) {
            workers.shutdownNow();
            workers = null;
        }
        lastStep.clear();
    }

    /**
     * The number of a Service's last revision and whether one ever became ready. The Service's status says the
     * same once the watch has seen this simulator's writes, and is what counts after a restart.
     */
    private record Progress(int lastRevision, boolean hasReadyRevision) {
        static final Progress NONE = new Progress(0, false);

        Progress atLeast(JsonNode status) {
            return new Progress(Math.max(lastRevision, revisionNumber(status.path("latestCreatedRevisionName").asText(""))),
                    hasReadyRevision || status.hasNonNull("latestReadyRevisionName"));
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
            progress.remove(name);
            submit(name, () -> client.genericKubernetesResources(REVISIONS).inNamespace(namespace)
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
        submit(name, () -> startRevision(name, generation));
    }

    private void startRevision(String name, long generation) {
        GenericKubernetesResource service = watched(name);
        if (service == null || !Long.valueOf(generation).equals(service.getMetadata().getGeneration())) {
            return;
        }
        JsonNode status = tree(service).path("status");
        Progress before = progress.getOrDefault(name, Progress.NONE).atLeast(status);
        String revision = "%s-%05d".formatted(name, before.lastRevision() + 1);
        createRevision(service, revision, generation);
        ObjectNode change = JsonNodeFactory.instance.objectNode();
        change.put("observedGeneration", generation);
        change.put("latestCreatedRevisionName", revision);
        change.set("conditions", conditions("Unknown", "Deploying", "revision " + revision + " is being deployed",
                before.hasReadyRevision()));
        patchStatus(SERVICES, name, change);
        progress.put(name, new Progress(before.lastRevision() + 1, before.hasReadyRevision()));
        later(readyDelay, name, () -> finishRevision(name, generation, revision));
    }

    private void finishRevision(String name, long generation, String revision) {
        try {
            GenericKubernetesResource service = watched(name);
            if (service == null || !Long.valueOf(generation).equals(service.getMetadata().getGeneration())) {
                return;
            }
            Progress before = progress.getOrDefault(name, Progress.NONE).atLeast(tree(service).path("status"));
            JsonNode template = tree(service).path("spec").path("template");
            String image = template.path("spec").path("containers").path(0).path("image").asText("");
            ObjectNode change = JsonNodeFactory.instance.objectNode();
            if (image.isBlank() || image.contains("fail")) {
                String message = image.isBlank()
                        ? "Revision \"" + revision + "\" failed with message: the container has no image."
                        : "Revision \"" + revision + "\" failed with message: Unable to fetch image \"" + image
                          + "\" (simulated failure).";
                patchStatus(REVISIONS, revision, revisionStatus(false, 0));
                change.set("conditions", conditions("False", "RevisionFailed", message, before.hasReadyRevision()));
                patchStatus(SERVICES, name, change);
                log.info("simulated Knative: {} revision {} failed", name, revision);
                return;
            }
            int replicas = Math.max(1, minScale(template));
            patchStatus(REVISIONS, revision, revisionStatus(true, replicas));
            change.put("url", "http://%s.%s.example.com".formatted(name, namespace));
            change.putObject("address").put("url", "http://%s.%s.svc.cluster.local".formatted(name, namespace));
            change.put("latestReadyRevisionName", revision);
            ArrayNode traffic = change.putArray("traffic");
            traffic.addObject().put("revisionName", revision).put("latestRevision", true).put("percent", 100);
            change.set("conditions", conditions("True", null, null, true));
            patchStatus(SERVICES, name, change);
            progress.computeIfPresent(name, (key, p) -> new Progress(p.lastRevision(), true));
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
                .addToLabels("serving.knative.dev/configuration", service.getMetadata().getName())
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

    private static ObjectNode revisionStatus(boolean ready, int replicas) {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.set("conditions", readyCondition(ready ? "True" : "False", ready ? null : "RevisionFailed"));
        status.put("desiredReplicas", replicas).put("actualReplicas", replicas);
        return status;
    }

    /**
     * Writes the given status fields through the status subresource as a JSON merge patch, as Knative's
     * reconcilers do: one request, no read first, and the fields not named are left as they are. An object deleted
     * meanwhile is left alone.
     */
    private void patchStatus(ResourceDefinitionContext kind, String name, ObjectNode change) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.set("status", change);
        try {
            client.genericKubernetesResources(kind).inNamespace(namespace).withName(name).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** The Service as the watch last saw it: at least as new as the event that queued the step reading it. */
    private GenericKubernetesResource watched(String name) {
        SharedIndexInformer<GenericKubernetesResource> watching = informer;
        return watching == null ? null : watching.getStore().getByKey(namespace + "/" + name);
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

    /** Runs work for the named Service after the steps already queued for it, on the shared workers. */
    private void submit(String name, Runnable work) {
        submit(name, work, 1);
    }

    private void submit(String name, Runnable work, int attempt) {
        ExecutorService pool = workers;
        if (pool == null) {
            return;
        }
        CompletableFuture<Void> step = lastStep.compute(name, (key, previous) ->
                (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous)
                        .handleAsync((ignored, error) -> {
                            attempt(name, work, attempt);
                            return null;
                        }, pool));
        step.whenComplete((ignored, error) -> lastStep.remove(name, step));
    }

    private void attempt(String name, Runnable work, int attempt) {
        try {
            work.run();
        } catch (RuntimeException e) {
            if (attempt >= ATTEMPTS) {
                log.warn("Knative simulator gave up a step for {} after {} attempts: {}", name, attempt, e.toString());
                // the next change to the Service starts over
                scheduledGeneration.remove(name);
                return;
            }
            log.info("Knative simulator step for {} failed (attempt {}), retrying: {}", name, attempt, e.toString());
            later(FIRST_RETRY.multipliedBy(1L << (attempt - 1)), name, work, attempt + 1);
        }
    }

    private void later(Duration delay, String name, Runnable work) {
        later(delay, name, work, 1);
    }

    private void later(Duration delay, String name, Runnable work, int attempt) {
        ScheduledExecutorService current = timer;
        if (current == null) {
            return;
        }
        try {
            current.schedule(() -> submit(name, work, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile: nothing is simulated any more
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static JsonNode tree(GenericKubernetesResource resource) {
        return Serialization.jsonMapper().valueToTree(resource);
    }
}
