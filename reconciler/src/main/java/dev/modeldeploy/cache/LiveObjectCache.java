package dev.modeldeploy.cache;

import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.ManagedLabels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The managed objects in the cluster, kept in memory by one label-selected informer (list + watch) per managed
 * kind, so a reconcile cycle reads no objects from the API server and a change made by someone else is seen
 * within the watch latency.
 *
 * <p>The engine also records its own writes here straight from the API server's answers, so a cycle that starts
 * before the watch event of the previous cycle's write arrives does not write again. Entries never go back to
 * an older resourceVersion, whichever of the two sources is late.
 */
public final class LiveObjectCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveObjectCache.class);

    private final KubernetesClient client;
    private final String namespace;
    private final List<ManagedKind> kinds;
    private final Map<ObjectKey, GenericKubernetesResource> objects = new ConcurrentHashMap<>();
    private final Map<ObjectKey, Long> deletedAt = new ConcurrentHashMap<>();
    private final List<LiveObjectListener> listeners = new CopyOnWriteArrayList<>();
    private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
    private final Set<ManagedKind> unavailable = ConcurrentHashMap.newKeySet();

    public LiveObjectCache(KubernetesClient client, String namespace) {
        this(client, namespace, ManagedKind.ALL);
    }

    public LiveObjectCache(KubernetesClient client, String namespace, List<ManagedKind> kinds) {
        this.client = client;
        this.namespace = namespace;
        this.kinds = List.copyOf(kinds);
    }

    public static ResourceDefinitionContext context(ManagedKind kind) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(kind.group())
                .withVersion(kind.version())
                .withKind(kind.kind())
                .withPlural(kind.plural())
                .withNamespaced(kind.namespaced())
                .build();
    }

    /**
     * Starts the informers and waits until each has listed its kind. A kind the API server does not serve (its
     * CRD is not installed) is logged and left out; objects of it will fail to apply with the server's answer.
     */
    public synchronized LiveObjectCache start(Duration syncTimeout) {
        if (!informers.isEmpty()) {
            return this;
        }
        for (ManagedKind kind : kinds) {
            SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(context(kind))
                    .inNamespace(namespace)
                    .withLabel(ManagedLabels.MANAGED_BY, ManagedLabels.MANAGED_BY_VALUE)
                    .runnableInformer(0);
            informer.addEventHandler(new Handler());
            informers.add(informer);
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < informers.size(); i++) {
            ManagedKind kind = kinds.get(i);
            try {
                informers.get(i).start().toCompletableFuture().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                unavailable.add(kind);
                informers.get(i).stop();
                log.warn("cannot list {} {} in namespace {}: {}; objects of this kind are not tracked",
                        kind.apiVersion(), kind.kind(), namespace, e.getCause().getMessage());
            } catch (TimeoutException e) {
                failures.add(kind.kind());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while listing live objects", e);
            }
        }
        if (!failures.isEmpty()) {
            close();
            throw new IllegalStateException("live objects not listed within " + syncTimeout + " for " + failures
                    + " in namespace " + namespace);
        }
        log.info("watching {} managed objects of {} kinds in namespace {}", objects.size(),
                kinds.size() - unavailable.size(), namespace);
        return this;
    }

    public String namespace() {
        return namespace;
    }

    public Set<ManagedKind> unavailableKinds() {
        return Set.copyOf(unavailable);
    }

    public Optional<GenericKubernetesResource> get(ObjectKey key) {
        return Optional.ofNullable(objects.get(key));
    }

    /** Every managed object now known, in no particular order. */
    public List<GenericKubernetesResource> all() {
        return List.copyOf(objects.values());
    }

    public void addListener(LiveObjectListener listener) {
        listeners.add(listener);
    }

    public void removeListener(LiveObjectListener listener) {
        listeners.remove(listener);
    }

    /** The API server's answer to one of our creates or patches. */
    public void recordWrite(GenericKubernetesResource written) {
        put(written);
    }

    /** One of our deletes succeeded (or the object was already gone). */
    public void recordDelete(ObjectKey key) {
        GenericKubernetesResource old = objects.remove(key);
        long version = old == null ? -1 : version(old);
        if (version >= 0) {
            deletedAt.merge(key, version, Math::max);
        }
    }

    @Override
    public synchronized void close() {
        informers.forEach(SharedIndexInformer::stop);
        informers.clear();
    }

    private boolean put(GenericKubernetesResource resource) {
        ObjectKey key = ObjectKey.of(resource);
        long version = version(resource);
        Long tombstone = deletedAt.get(key);
        if (tombstone != null && version >= 0 && version <= tombstone) {
            return false;
        }
        boolean[] accepted = {false};
        objects.compute(key, (k, current) -> {
            if (current != null && version >= 0 && version(current) > version) {
                return current;
            }
            accepted[0] = true;
            return resource;
        });
        return accepted[0];
    }

    private void removeIfNotNewer(GenericKubernetesResource gone) {
        ObjectKey key = ObjectKey.of(gone);
        long version = version(gone);
        objects.computeIfPresent(key, (k, current) ->
                version >= 0 && version(current) > version ? current : null);
        deletedAt.remove(key);
    }

    /** resourceVersion as a number when it is one (etcd revisions and the mock server's counter are), else -1. */
    private static long version(GenericKubernetesResource resource) {
        String rv = resource.getMetadata() == null ? null : resource.getMetadata().getResourceVersion();
        if (rv == null) {
            return -1;
        }
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void notifyListeners(ObjectKey key, GenericKubernetesResource now) {
        for (LiveObjectListener listener : listeners) {
            try {
                listener.changed(key, now);
            } catch (RuntimeException e) {
                log.warn("live object listener failed on {}: {}", key, e.toString());
            }
        }
    }

    private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
        @Override
        public void onAdd(GenericKubernetesResource obj) {
            if (put(obj)) {
                notifyListeners(ObjectKey.of(obj), obj);
            }
        }

        @Override
        public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
            if (put(newObj)) {
                notifyListeners(ObjectKey.of(newObj), newObj);
            }
        }

        @Override
        public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
            removeIfNotNewer(obj);
            notifyListeners(ObjectKey.of(obj), null);
        }
    }
}
