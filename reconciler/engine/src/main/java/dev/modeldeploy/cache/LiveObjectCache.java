package dev.modeldeploy.cache;

import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.ManagedLabels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>Reads go to the informers' own stores, which hold the whole initial list once {@link #start} returns. The
 * event handlers are no copy of that state: fabric8 calls them later, on another thread, so a map filled by them
 * can still lack objects right after start (a restarted daemon would then not prune them). Handlers only tell
 * listeners and retire overlay entries the watch has caught up with.
 *
 * <p>The engine also records its own writes and deletes here, straight from the API server's answers, as an
 * overlay on the stores, so a cycle that starts before the watch event of the previous cycle's write arrives
 * does not write again. A read shows whichever of store and overlay has the later resourceVersion, and never an
 * object at or below the resourceVersion we deleted.
 */
public final class LiveObjectCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveObjectCache.class);

    private final KubernetesClient client;
    private final String namespace;
    private final List<ManagedKind> kinds;
    /** Our writes (the server's answers) until the watch shows that version or a later one. */
    private final Map<ObjectKey, GenericKubernetesResource> written = new ConcurrentHashMap<>();
    /** The resourceVersion we deleted, until the watch shows that delete or a newer object of the name. */
    private final Map<ObjectKey, String> deletedAt = new ConcurrentHashMap<>();
    private final List<LiveObjectListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<ManagedKind> unavailable = ConcurrentHashMap.newKeySet();
    private final List<SharedIndexInformer<GenericKubernetesResource>> started = new ArrayList<>();
    /** The informers whose initial list is done, by apiVersion and kind; replaced whole, so reads need no lock. */
    private volatile Map<String, SharedIndexInformer<GenericKubernetesResource>> listed = Map.of();

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
        if (!started.isEmpty()) {
            return this;
        }
        Map<ManagedKind, SharedIndexInformer<GenericKubernetesResource>> informers = new LinkedHashMap<>();
        for (ManagedKind kind : kinds) {
            SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(context(kind))
                    .inNamespace(namespace)
                    .withLabel(ManagedLabels.MANAGED_BY, ManagedLabels.MANAGED_BY_VALUE)
                    .runnableInformer(0);
            informer.addEventHandler(new Handler());
            informers.put(kind, informer);
            started.add(informer);
        }
        Map<String, SharedIndexInformer<GenericKubernetesResource>> synced = new HashMap<>();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<ManagedKind, SharedIndexInformer<GenericKubernetesResource>> entry : informers.entrySet()) {
            ManagedKind kind = entry.getKey();
            SharedIndexInformer<GenericKubernetesResource> informer = entry.getValue();
            try {
                // completes when the initial list is in the informer's store (its handlers may not have run yet)
                informer.start().toCompletableFuture().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
                synced.put(storeName(kind.apiVersion(), kind.kind()), informer);
            } catch (ExecutionException e) {
                unavailable.add(kind);
                informer.stop();
                log.warn("cannot list {} {} in namespace {}: {}; objects of this kind are not tracked",
                        kind.apiVersion(), kind.kind(), namespace, e.getCause().getMessage());
            } catch (TimeoutException e) {
                failures.add(kind.kind());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while listing live objects", e);
            }
        }
        if (!failures.isEmpty()) {
            close();
            throw new IllegalStateException("live objects not listed within " + syncTimeout + " for " + failures
                    + " in namespace " + namespace);
        }
        listed = Map.copyOf(synced);
        log.info("watching {} managed objects of {} kinds in namespace {}", all().size(), synced.size(), namespace);
        return this;
    }

    public String namespace() {
        return namespace;
    }

    public Set<ManagedKind> unavailableKinds() {
        return Set.copyOf(unavailable);
    }

    public Optional<GenericKubernetesResource> get(ObjectKey key) {
        return Optional.ofNullable(current(key, watched(key)));
    }

    /** Every managed object now known, in no particular order. */
    public List<GenericKubernetesResource> all() {
        Map<ObjectKey, GenericKubernetesResource> now = new HashMap<>();
        for (SharedIndexInformer<GenericKubernetesResource> informer : listed.values()) {
            for (GenericKubernetesResource fromWatch : informer.getStore().list()) {
                ObjectKey key = ObjectKey.of(fromWatch);
                GenericKubernetesResource shown = current(key, fromWatch);
                if (shown != null) {
                    now.put(key, shown);
                }
            }
        }
        for (ObjectKey key : written.keySet()) {
            if (!now.containsKey(key)) {
                GenericKubernetesResource shown = current(key, watched(key));
                if (shown != null) {
                    now.put(key, shown);
                }
            }
        }
        return List.copyOf(now.values());
    }

    public void addListener(LiveObjectListener listener) {
        listeners.add(listener);
    }

    public void removeListener(LiveObjectListener listener) {
        listeners.remove(listener);
    }

    /** The API server's answer to one of our creates or patches. */
    public void recordWrite(GenericKubernetesResource answer) {
        ObjectKey key = ObjectKey.of(answer);
        written.merge(key, answer, (known, latest) -> laterThan(known, version(latest)) ? known : latest);
        deletedAt.computeIfPresent(key, (k, deleted) -> sameOrEarlier(version(answer), deleted) ? deleted : null);
    }

    /** One of our deletes succeeded (or the object was already gone). */
    public void recordDelete(ObjectKey key) {
        String gone = version(current(key, watched(key)));
        written.remove(key);
        if (gone != null) {
            deletedAt.merge(key, gone, (known, latest) -> laterThan(latest, known) ? latest : known);
        }
    }

    @Override
    public synchronized void close() {
        started.forEach(SharedIndexInformer::stop);
        started.clear();
        listed = Map.of();
    }

    /** What the informer's store holds under this key; null when nothing, or the kind is not watched. */
    private GenericKubernetesResource watched(ObjectKey key) {
        SharedIndexInformer<GenericKubernetesResource> informer = listed.get(storeName(key.apiVersion(), key.kind()));
        return informer == null ? null : informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, key.name()));
    }

    /** The later of the watch's and our own version of an object, unless we deleted that version since. */
    private GenericKubernetesResource current(ObjectKey key, GenericKubernetesResource fromWatch) {
        GenericKubernetesResource ours = written.get(key);
        GenericKubernetesResource shown = ours != null && (fromWatch == null || laterThan(ours, version(fromWatch)))
                ? ours : fromWatch;
        String deleted = deletedAt.get(key);
        return shown != null && deleted != null && sameOrEarlier(version(shown), deleted) ? null : shown;
    }

    /** Retires overlay entries a watch event has caught up with; false when the overlay knows a later state. */
    private boolean caughtUp(GenericKubernetesResource fromWatch) {
        ObjectKey key = ObjectKey.of(fromWatch);
        String version = version(fromWatch);
        boolean[] superseded = {false};
        written.computeIfPresent(key, (k, ours) -> {
            superseded[0] = laterThan(ours, version);
            return superseded[0] ? ours : null;
        });
        deletedAt.computeIfPresent(key, (k, deleted) -> {
            boolean stale = sameOrEarlier(version, deleted);
            superseded[0] |= stale;
            return stale ? deleted : null;
        });
        return !superseded[0];
    }

    /** Retires overlay entries a delete event covers; false when we have written a later object of the name. */
    private boolean deletedByWatch(GenericKubernetesResource gone) {
        ObjectKey key = ObjectKey.of(gone);
        String version = version(gone);
        boolean[] recreated = {false};
        written.computeIfPresent(key, (k, ours) -> {
            recreated[0] = laterThan(ours, version);
            return recreated[0] ? ours : null;
        });
        deletedAt.computeIfPresent(key, (k, deleted) -> laterThan(deleted, version) ? deleted : null);
        return !recreated[0];
    }

    private static String storeName(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    private static String version(GenericKubernetesResource resource) {
        return resource == null || resource.getMetadata() == null ? null : resource.getMetadata().getResourceVersion();
    }

    private static boolean laterThan(GenericKubernetesResource resource, String version) {
        return laterThan(version(resource), version);
    }

    /**
     * resourceVersions compare as numbers when they are (etcd revisions and the mock server's counter are);
     * otherwise they are opaque, nothing is later than anything, and only equal ones are the same.
     */
    private static boolean laterThan(String version, String than) {
        Long a = number(version);
        Long b = number(than);
        return a != null && b != null && a > b;
    }

    private static boolean sameOrEarlier(String version, String than) {
        Long a = number(version);
        Long b = number(than);
        return a != null && b != null ? a <= b : Objects.equals(version, than);
    }

    private static Long number(String version) {
        if (version == null) {
            return null;
        }
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return null;
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
            if (caughtUp(obj)) {
                notifyListeners(ObjectKey.of(obj), obj);
            }
        }

        @Override
        public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
            if (caughtUp(newObj)) {
                notifyListeners(ObjectKey.of(newObj), newObj);
            }
        }

        @Override
        public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
            if (deletedByWatch(obj)) {
                notifyListeners(ObjectKey.of(obj), null);
            }
        }
    }
}
