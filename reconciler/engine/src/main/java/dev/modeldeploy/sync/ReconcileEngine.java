package dev.modeldeploy.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.cache.LiveObjectListener;
import dev.modeldeploy.cache.ManagedObjects;
import dev.modeldeploy.cache.ObjectKey;
import dev.modeldeploy.diff.DesiredObject;
import dev.modeldeploy.metrics.ReconcileMetrics;
import dev.modeldeploy.ownership.Ownership;
import dev.modeldeploy.prune.PrunePlan;
import dev.modeldeploy.prune.PrunePlanner;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.ManagedLabels;
import dev.modeldeploy.render.Owner;
import dev.modeldeploy.render.RenderedManifest;
import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSet;
import dev.modeldeploy.sync.common.ChangeSetEntry;
import dev.modeldeploy.sync.common.DesiredState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile cycle: makes the managed objects in one namespace match a {@link DesiredState}, and reports a
 * {@link ChangeSet} with one entry per object.
 *
 * <p>Objects are written by kind in {@link ManagedKind#applyOrder()} (ConfigMaps and Secrets before the Knative
 * Services that mount them, VirtualServices last), several at a time within one tier; prune runs afterwards in
 * reverse order. An owner that failed validation or rendering keeps its live objects exactly as they are and is
 * reported FAILED; every other owner reconciles normally. Live objects are read from the {@link LiveObjectCache},
 * so a cycle where nothing changed reads nothing from and writes nothing to the API server.
 */
public final class ReconcileEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReconcileEngine.class);

    private final LiveObjectCache cache;
    private final ReconcileOptions options;
    private final ReconcileMetrics metrics;
    private final ObjectWriter writer;
    private final PrunePlanner planner;
    private final ExecutorService workers;
    private final Map<ObjectKey, PlannedObject> tracked = new ConcurrentHashMap<>();
    private final Map<Owner, String> appliedCommits = new ConcurrentHashMap<>();
    private volatile Map<Owner, String> claimedElsewhere = Map.of();

    /**
     * @param client  the API client (its retries are expected off; see ClusterConnection)
     * @param cache   the started live object cache of the namespace to manage
     * @param options prune, brake and retry settings
     * @param metrics where cycle meters go
     */
    public ReconcileEngine(KubernetesClient client, LiveObjectCache cache, ReconcileOptions options, ReconcileMetrics metrics) {
        this(client, cache, options, metrics, WriteFence.OPEN);
    }

    /** @param fence asked before every write; once closed, the cycle in flight stops with {@link WriteFence.WritesFencedException} */
    public ReconcileEngine(KubernetesClient client, LiveObjectCache cache, ReconcileOptions options, ReconcileMetrics metrics,
                           WriteFence fence) {
        this.cache = cache;
        this.options = options;
        this.metrics = metrics;
        this.writer = new ObjectWriter(client, cache, options.retry(), metrics, options.serverSideApply(), fence);
        this.planner = new PrunePlanner(options.prune(), options.maxDeleteShare(), options.allowEmpty());
        this.workers = Executors.newFixedThreadPool(options.parallelism(), runnable -> {
            Thread thread = new Thread(runnable, "modeldeploy-apply");
            thread.setDaemon(true);
            return thread;
        });
    }

    public ReconcileOptions options() {
        return options;
    }

    /** Runs one cycle. Cycles never overlap: a second caller waits for the first. */
    public synchronized ChangeSet reconcile(DesiredState fromGit) {
        long started = System.nanoTime();
        claimedElsewhere = claimedByAnotherInstall(fromGit);
        claimedElsewhere.forEach((owner, why) -> log.atWarn().addKeyValue("owner", owner.toString()).log("{}: {}", owner, why));
        DesiredState desired = fromGit.withFailedOwners(claimedElsewhere);
        List<ChangeSetEntry> entries = new ArrayList<>();
        Map<ObjectKey, PlannedObject> planned = plan(desired, entries);
        tracked.keySet().retainAll(planned.keySet());
        tracked.putAll(planned);

        Set<ObjectKey> unclaimed = planned.keySet().stream().filter(key -> cache.get(key)
                .map(live -> Ownership.of(live, options.instance()) == Ownership.UNCLAIMED).orElse(false))
                .collect(Collectors.toSet());
        entries.addAll(reportAdoptions(unclaimed,
                runByTier(planned.values(), p -> p.kind().applyOrder(), Comparator.naturalOrder(), writer::apply)));
        entries.addAll(failedOwnerEntries(desired));

        PrunePlan prune = planner.plan(ours(), planned.keySet(), desired);
        if (prune.brake() != null) {
            log.warn(prune.brakeReason());
            metrics.pruneBrake(prune.brake().name().toLowerCase(Locale.ROOT));
        }
        entries.addAll(prune.kept());
        entries.addAll(runByTier(prune.delete(), ReconcileEngine::applyOrder, Comparator.reverseOrder(), writer::delete));

        ChangeSet changes = new ChangeSet(desired.commit(), List.copyOf(entries));
        rememberAppliedCommits(desired, changes);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.cycle(changes, took);
        logSummary(changes, took);
        return changes;
    }

    /**
     * What a cycle would do now, without writing anything: each object's entry says what it is (UNCHANGED) or what
     * the leader has yet to do ("not applied yet", "not pruned yet"). A standby replica serves this.
     */
    public synchronized ChangeSet preview(DesiredState fromGit) {
        claimedElsewhere = claimedByAnotherInstall(fromGit);
        DesiredState desired = fromGit.withFailedOwners(claimedElsewhere);
        List<ChangeSetEntry> entries = new ArrayList<>();
        Map<ObjectKey, PlannedObject> planned = plan(desired, entries);
        planned.values().forEach(p -> entries.add(writer.preview(p)));
        entries.addAll(failedOwnerEntries(desired));
        PrunePlan prune = planner.plan(ours(), planned.keySet(), desired);
        entries.addAll(prune.kept());
        for (GenericKubernetesResource going : prune.delete()) {
            ObjectKey key = ObjectKey.of(going);
            entries.add(new ChangeSetEntry(ManagedObjects.owner(going), key.apiVersion(), key.kind(), key.name(),
                    Action.DELETED, "not pruned yet: no longer in Git"));
        }
        return new ChangeSet(desired.commit(), List.copyOf(entries));
    }

    /**
     * Calls listener with the owner of a managed object whenever a watch shows it deleted, or changed so that it
     * no longer matches what Git wants (a field Git sets was edited). Runs on the watch thread: the listener
     * should only schedule a reconcile, not run one.
     */
    public void onDrift(Consumer<Owner> listener) {
        cache.addListener(driftDetector(listener));
    }

    /**
     * Owners of the last cycle that were not applied because an object they render is another install's (a shared
     * resource, as Argo CD calls it), each with a message naming that install.
     */
    public Map<Owner, String> claimedElsewhere() {
        return claimedElsewhere;
    }

    /** Owner → the commit whose version of it is live, for owners whose last cycle applied cleanly. */
    public Map<Owner, String> appliedCommits() {
        return Map.copyOf(appliedCommits);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private LiveObjectListener driftDetector(Consumer<Owner> listener) {
        return (key, now) -> {
            PlannedObject wanted = tracked.get(key);
            if (wanted == null) {
                return;
            }
            if (now == null) {
                log.info("drift: {} of {} was deleted in the cluster", key, wanted.owner());
                listener.accept(wanted.owner());
                return;
            }
            if (!writer.knownToMatch(wanted, now) && !ObjectWriter.diff(wanted, now).isEmpty()) {
                log.info("drift: {} of {} was changed in the cluster", key, wanted.owner());
                listener.accept(wanted.owner());
            }
        };
    }

    /** The live objects this install applied: the only ones it may prune. */
    private List<GenericKubernetesResource> ours() {
        return cache.all().stream().filter(ManagedObjects::isManaged)
                .filter(object -> Ownership.of(object, options.instance()) == Ownership.OURS).toList();
    }

    /**
     * Owners that render an object of the same kind and name as a live object another modeldeploy install applied.
     * Neither install changes that object: the other keeps it, and this owner is reported failed until one of the
     * two repositories gives up the name.
     */
    private Map<Owner, String> claimedByAnotherInstall(DesiredState desired) {
        Map<Owner, String> claimed = new LinkedHashMap<>();
        for (RenderedManifest manifest : desired.rendered()) {
            for (GenericKubernetesResource object : manifest.objects()) {
                cache.get(ObjectKey.of(object))
                        .filter(live -> Ownership.of(live, options.instance()) == Ownership.ANOTHER_INSTALL)
                        .ifPresent(live -> claimed.putIfAbsent(manifest.owner(), object.getKind() + "/"
                                + object.getMetadata().getName() + " belongs to modeldeploy instance '"
                                + Ownership.instanceOf(live) + "' (a shared resource); neither install changes it"));
            }
        }
        return Map.copyOf(claimed);
    }

    /** Every object Git wants, labelled and checked; objects that cannot be applied become FAILED entries. */
    private Map<ObjectKey, PlannedObject> plan(DesiredState desired, List<ChangeSetEntry> entries) {
        record Accepted(Owner owner, ManagedKind kind, ObjectKey key, GenericKubernetesResource object,
                        RenderedManifest manifest) {
        }
        List<Accepted> accepted = new ArrayList<>();
        Map<ObjectKey, Owner> seen = new HashMap<>();
        for (RenderedManifest manifest : desired.rendered()) {
            Owner owner = manifest.owner();
            if (desired.failedOwners().containsKey(owner)) {
                continue;
            }
            for (GenericKubernetesResource object : manifest.objects()) {
                ObjectKey key = ObjectKey.of(object);
                ManagedKind kind;
                try {
                    kind = ManagedKind.of(object.getApiVersion(), object.getKind());
                } catch (IllegalArgumentException e) {
                    entries.add(new ChangeSetEntry(owner, key.apiVersion(), key.kind(), key.name(), Action.FAILED,
                            "modeldeploy does not manage this kind"));
                    continue;
                }
                String namespace = object.getMetadata().getNamespace();
                if (namespace != null && !namespace.isBlank() && !namespace.equals(cache.namespace())) {
                    entries.add(new ChangeSetEntry(owner, key.apiVersion(), key.kind(), key.name(), Action.FAILED,
                            "rendered into namespace " + namespace + " but this reconciler manages " + cache.namespace()));
                    continue;
                }
                Owner previous = seen.putIfAbsent(key, owner);
                if (previous != null) {
                    entries.add(new ChangeSetEntry(owner, key.apiVersion(), key.kind(), key.name(), Action.FAILED,
                            "the name is also rendered by " + previous));
                    continue;
                }
                accepted.add(new Accepted(owner, kind, key, object, manifest));
            }
        }
        // normalising thousands of objects is the bulk of an unchanged cycle, so it runs on the workers
        List<DesiredObject> normalized = parallelMap(accepted,
                a -> DesiredObject.ofOwnedTree(stamped(a.object(), a.manifest())));
        Map<ObjectKey, PlannedObject> planned = new LinkedHashMap<>();
        for (int i = 0; i < accepted.size(); i++) {
            Accepted a = accepted.get(i);
            planned.put(a.key(), new PlannedObject(a.owner(), a.kind(), a.key(), normalized.get(i)));
        }
        return planned;
    }

    private <T, R> List<R> parallelMap(List<T> items, Function<T, R> work) {
        int chunks = Math.min(options.parallelism(), Math.max(1, items.size() / 64));
        if (chunks <= 1) {
            return items.stream().map(work).toList();
        }
        int size = (items.size() + chunks - 1) / chunks;
        List<Future<List<R>>> futures = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            List<T> chunk = items.subList(from, Math.min(items.size(), from + size));
            futures.add(workers.submit(() -> chunk.stream().map(work).toList()));
        }
        List<R> results = new ArrayList<>(items.size());
        for (Future<List<R>> future : futures) {
            results.addAll(await(future));
        }
        return results;
    }

    private static <R> R await(Future<R> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a reconcile cycle", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WriteFence.WritesFencedException fenced) {
                throw fenced;
            }
            throw new IllegalStateException("reconcile worker failed: " + e.getCause(), e.getCause());
        }
    }

    /** The object with the labels and annotation prune and isolation rely on, whatever the renderer set. */
    private ObjectNode stamped(GenericKubernetesResource object, RenderedManifest manifest) {
        ObjectNode tree = Serialization.jsonMapper().valueToTree(object);
        ObjectNode metadata = tree.withObjectProperty("metadata");
        metadata.put("namespace", cache.namespace());
        ObjectNode labels = metadata.withObjectProperty("labels");
        labels.put(ManagedLabels.MANAGED_BY, ManagedLabels.MANAGED_BY_VALUE);
        labels.put(ManagedLabels.INSTANCE, options.instance().value());
        labels.put(ManagedObjects.ownerLabel(manifest.owner()), manifest.owner().id());
        if (manifest.sourceFile() != null) {
            metadata.withObjectProperty("annotations").put(ManagedLabels.SOURCE_FILE, manifest.sourceFile());
        }
        return tree;
    }

    /**
     * An object an earlier modeldeploy applied before installs had identities is taken over, once, by the install
     * whose Git declares it: the patch that writes our instance label is the adoption, and it is reported as such.
     */
    private List<ChangeSetEntry> reportAdoptions(Set<ObjectKey> unclaimed, List<ChangeSetEntry> applied) {
        if (unclaimed.isEmpty()) {
            return applied;
        }
        List<ChangeSetEntry> reported = new ArrayList<>(applied.size());
        for (ChangeSetEntry entry : applied) {
            if (entry.action() == Action.CONFIGURED
                    && unclaimed.contains(new ObjectKey(entry.apiVersion(), entry.kind(), entry.name()))) {
                log.atInfo().addKeyValue("owner", entry.owner().toString()).addKeyValue("instance", options.instance().value())
                        .log("adopted {} for {}: an earlier modeldeploy applied it without an instance label",
                                entry.subject(), entry.owner());
                metrics.adopted();
                entry = new ChangeSetEntry(entry.owner(), entry.apiVersion(), entry.kind(), entry.name(), Action.CONFIGURED,
                        "adopted by instance '" + options.instance().value() + "' (an earlier modeldeploy applied it "
                                + "without an instance label); " + entry.reason());
            }
            reported.add(entry);
        }
        return reported;
    }

    /** A failed owner's live objects stay as they are; each is reported with the owner's error. */
    private List<ChangeSetEntry> failedOwnerEntries(DesiredState desired) {
        if (desired.failedOwners().isEmpty()) {
            return List.of();
        }
        Map<Owner, List<GenericKubernetesResource>> liveByOwner = new HashMap<>();
        for (GenericKubernetesResource object : cache.all()) {
            Owner owner = ManagedObjects.owner(object);
            if (owner != null && desired.failedOwners().containsKey(owner)
                    && Ownership.of(object, options.instance()) != Ownership.ANOTHER_INSTALL) {
                liveByOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(object);
            }
        }
        List<ChangeSetEntry> entries = new ArrayList<>();
        List<Map.Entry<Owner, String>> failedOwners = new ArrayList<>(desired.failedOwners().entrySet());
        failedOwners.sort(Comparator.comparing(e -> e.getKey().toString()));
        for (Map.Entry<Owner, String> failed : failedOwners) {
            Owner owner = failed.getKey();
            List<GenericKubernetesResource> objects = liveByOwner.getOrDefault(owner, List.of());
            if (objects.isEmpty()) {
                entries.add(new ChangeSetEntry(owner, "", owner.kind(), owner.id(), Action.FAILED,
                        failed.getValue() + "; nothing was applied"));
                continue;
            }
            for (GenericKubernetesResource object : objects) {
                entries.add(new ChangeSetEntry(owner, object.getApiVersion(), object.getKind(),
                        object.getMetadata().getName(), Action.FAILED,
                        failed.getValue() + "; the live object is left as it was"));
            }
        }
        return entries;
    }

    /** Runs work on items grouped by tier, tiers in the given order, items of one tier in parallel. */
    private <T> List<ChangeSetEntry> runByTier(
            Collection<T> items, Function<T, Integer> tierOf, Comparator<Integer> order,
            Function<T, ChangeSetEntry> work) {
        Map<Integer, List<T>> tiers = new TreeMap<>(order);
        for (T item : items) {
            tiers.computeIfAbsent(tierOf.apply(item), t -> new ArrayList<>()).add(item);
        }
        List<ChangeSetEntry> results = new ArrayList<>();
        for (List<T> tier : tiers.values()) {
            if (tier.size() == 1 || options.parallelism() == 1) {
                tier.forEach(item -> results.add(work.apply(item)));
                continue;
            }
            List<Future<ChangeSetEntry>> futures = new ArrayList<>(tier.size());
            for (T item : tier) {
                futures.add(workers.submit(() -> work.apply(item)));
            }
            for (Future<ChangeSetEntry> future : futures) {
                results.add(await(future));
            }
        }
        return results;
    }

    private void rememberAppliedCommits(DesiredState desired, ChangeSet changes) {
        Set<Owner> troubled = changes.entries().stream()
                .filter(e -> e.action() == Action.FAILED || e.action() == Action.SKIPPED)
                .map(ChangeSetEntry::owner)
                .collect(Collectors.toSet());
        for (RenderedManifest manifest : desired.rendered()) {
            if (!troubled.contains(manifest.owner()) && !desired.failedOwners().containsKey(manifest.owner())) {
                appliedCommits.put(manifest.owner(), desired.commit());
            }
        }
        appliedCommits.keySet().retainAll(desired.allOwnersInGit().isEmpty()
                ? desired.rendered().stream().map(RenderedManifest::owner).collect(Collectors.toSet())
                : desired.allOwnersInGit());
    }

    private static int applyOrder(GenericKubernetesResource object) {
        return ManagedKind.of(object.getApiVersion(), object.getKind()).applyOrder();
    }

    private static void logSummary(ChangeSet changes, Duration took) {
        Map<Action, Long> counts = new EnumMap<>(Action.class);
        for (Action action : Action.values()) {
            counts.put(action, changes.count(action));
        }
        var event = changes.failed() ? log.atWarn() : log.atInfo();
        event = event.addKeyValue("commit", changes.commit());
        for (Map.Entry<Action, Long> count : counts.entrySet()) {
            event = event.addKeyValue(count.getKey().name().toLowerCase(Locale.ROOT), count.getValue());
        }
        event.addKeyValue("durationMs", took.toMillis())
                .log("reconcile cycle for commit {}: {} created, {} configured, {} unchanged, {} deleted, {} failed, "
                                + "{} skipped in {} ms",
                        changes.commit(), counts.get(Action.CREATED), counts.get(Action.CONFIGURED),
                        counts.get(Action.UNCHANGED), counts.get(Action.DELETED), counts.get(Action.FAILED),
                        counts.get(Action.SKIPPED), took.toMillis());
    }
}
