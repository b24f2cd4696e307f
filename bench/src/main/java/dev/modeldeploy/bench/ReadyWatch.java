package dev.modeldeploy.bench;

import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.render.ManagedKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Watches Knative Services and notes when each first reported Ready=True. */
final class ReadyWatch implements AutoCloseable {
    private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
    private final SharedIndexInformer<GenericKubernetesResource> informer;

    ReadyWatch(KubernetesClient client, String namespace) {
        informer = client.genericKubernetesResources(LiveObjectCache.context(ManagedKind.KNATIVE_SERVICE))
                .inNamespace(namespace).inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource service) {
                        note(service);
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource service) {
                        note(service);
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource service, boolean unknown) {
                    }
                }, 0);
    }

    private void note(GenericKubernetesResource service) {
        long now = System.nanoTime();
        String name = service.getMetadata().getName();
        for (var condition : Serialization.jsonMapper().valueToTree(service).path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText()) && "True".equals(condition.path("status").asText())) {
                readyAt.putIfAbsent(name, now);
            }
        }
    }

    boolean awaitReady(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (readyAt.size() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    int readyCount() {
        return readyAt.size();
    }

    long lastReadyNanos() {
        return readyAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    /** The longest time from a Service's first write to its Ready, over every Service applied. */
    long longestAppliedToReadyNanos(AppliedTimes applied) {
        return readyAt.entrySet().stream().mapToLong(e -> {
            Long written = applied.of(e.getKey());
            if (written == null) {
                throw new IllegalStateException("Service " + e.getKey() + " is Ready but was never seen written");
            }
            return e.getValue() - written;
        }).max().orElseThrow();
    }

    @Override
    public void close() {
        informer.stop();
    }
}
