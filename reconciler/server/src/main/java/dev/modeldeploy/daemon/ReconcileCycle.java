package dev.modeldeploy.daemon;

import dev.modeldeploy.api.ApiState;
import dev.modeldeploy.api.DeploymentView;
import dev.modeldeploy.api.FailedManifest;
import dev.modeldeploy.api.RouteView;
import dev.modeldeploy.api.SourceInfo;
import dev.modeldeploy.delivery.RolloutDriver;
import dev.modeldeploy.git.GitFetchException;
import dev.modeldeploy.git.poll.RepositoryWatcher;
import dev.modeldeploy.git.poll.Snapshot;
import dev.modeldeploy.git.status.PublishResult;
import dev.modeldeploy.git.status.StatusPublisher;
import dev.modeldeploy.health.HealthReader;
import dev.modeldeploy.health.ManifestStatus;
import dev.modeldeploy.health.State;
import dev.modeldeploy.manifest.Finding;
import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.manifest.WeightedTarget;
import dev.modeldeploy.pipeline.DesiredStateBuilder;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.Owner;
import dev.modeldeploy.render.OwnerKind;
import dev.modeldeploy.render.RenderedManifest;
import dev.modeldeploy.sync.ReconcileEngine;
import dev.modeldeploy.sync.WriteFence;
import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSet;
import dev.modeldeploy.sync.common.ChangeSetEntry;
import dev.modeldeploy.sync.common.DesiredState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of the daemon's loop: ask Git, read and render the manifests, make the cluster match, read health back,
 * publish the API state and commit status to the status branch. When Git cannot be reached the last good snapshot
 * is reconciled again (drift is still healed) and the error is reported; nothing is ever deleted because Git was
 * unreachable.
 *
 * <p>Every replica runs it, so that each serves the same current state; only the leader writes (to the cluster and
 * to the status branch). A standby previews instead: what is live, and what the leader has yet to do.
 */
final class ReconcileCycle implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ReconcileCycle.class);

    private final RepositoryWatcher watcher;
    private final DesiredStateBuilder builder;
    private final ReconcileEngine engine;
    private final HealthReader health;
    private final Optional<StatusPublisher> publisher;
    private final AtomicReference<ApiState> state;
    private final StatusFiles statusFiles = new StatusFiles();
    private final RolloutDriver rollouts;
    private final Timer fetchTimer;
    private final Counter fetchFailures;
    private final Counter statusCommits;
    private final MultiGauge deploymentState;
    private final Clock clock;
    private final BooleanSupplier leading;
    private volatile String gitError;
    private volatile boolean completedOnce;
    private String warnedCommit;

    ReconcileCycle(RepositoryWatcher watcher, DesiredStateBuilder builder, ReconcileEngine engine, HealthReader health,
                   Optional<StatusPublisher> publisher, AtomicReference<ApiState> state, MeterRegistry registry,
                   Clock clock, BooleanSupplier leading, RolloutDriver rollouts) {
        this.leading = leading;
        this.rollouts = rollouts;
        this.watcher = watcher;
        this.builder = builder;
        this.engine = engine;
        this.health = health;
        this.publisher = publisher;
        this.state = state;
        this.clock = clock;
        this.fetchTimer = Timer.builder("modeldeploy.git.fetch.duration")
                .description("Time to ask the remote for the branch head and fetch when it moved").register(registry);
        this.fetchFailures = Counter.builder("modeldeploy.git.fetch.failures")
                .description("Polls that could not reach or read the remote").register(registry);
        this.statusCommits = Counter.builder("modeldeploy.status.commits")
                .description("Status commits pushed to the status branch").register(registry);
        this.deploymentState = MultiGauge.builder("modeldeploy.deployment.state")
                .description("1 for the state each deployment and route is in, 0 for the others").register(registry);
    }

    boolean completedOnce() {
        return completedOnce;
    }

    @Override
    public void run() {
        Optional<Snapshot> snapshot = pollGit();
        if (snapshot.isEmpty()) {
            log.warn("no snapshot of {} yet; nothing to reconcile", watcher.displayUrl());
            return;
        }
        Snapshot current = snapshot.get();
        // only the leader moves rollouts; read before rendering, since the rollout states decide the routes' weights
        boolean leader = leading.getAsBoolean();
        boolean moveRollouts = leader;
        DesiredStateBuilder.Result result = builder.build(current.manifestsDir(), current.commit(),
                current.lastChangedCommitByFile(), manifests -> rollouts.step(manifests, moveRollouts));
        for (Finding finding : result.findings()) {
            log.atWarn().addKeyValue("commit", current.shortCommit()).log("invalid manifest: {}", finding.toText());
        }
        if (!current.commit().equals(warnedCommit)) {
            // documents skipped on purpose (other ODAHU kinds) are news once per commit, not every cycle
            for (Finding warning : result.manifests().warnings()) {
                log.atInfo().addKeyValue("commit", current.shortCommit()).log("skipped document: {}", warning.toText());
            }
            warnedCommit = current.commit();
        }
        ChangeSet changes;
        if (leader) {
            try {
                changes = engine.reconcile(result.desired());
            } catch (WriteFence.WritesFencedException e) {
                log.warn("lost leadership during the cycle for commit {}: abandoned it; this replica now only reads",
                        current.shortCommit());
                leader = false;
                changes = engine.preview(result.desired());
            }
        } else {
            changes = engine.preview(result.desired());
        }
        Map<Owner, String> applied = leader ? engine.appliedCommits() : liveAtCommit(changes, result.desired());
        Instant now = clock.instant();
        List<ManifestStatus> statuses = health.statuses(result.desired().withFailedOwners(engine.claimedElsewhere()),
                applied, routeTargets(result), now).stream().map(statusFiles::stabilize).toList();
        state.set(apiState(current, result, changes, statuses, now, applied));
        deploymentState.register(statuses.stream()
                .flatMap(status -> Arrays.stream(State.values()).map(candidate -> MultiGauge.Row.of(
                        Tags.of("deployment", status.id(), "kind", status.kind(), "state", candidate.name()),
                        status.state() == candidate ? 1 : 0)))
                .toList(), true);
        completedOnce = true;
        if (leader) {
            publishStatus(statuses, current);
        }
    }

    /** On a standby: the owners whose every object is live as this commit wants it, as the leader would report them. */
    private static Map<Owner, String> liveAtCommit(ChangeSet preview, DesiredState desired) {
        Set<Owner> pending = preview.entries().stream().filter(e -> e.action() != Action.UNCHANGED)
                .map(ChangeSetEntry::owner).collect(Collectors.toSet());
        Map<Owner, String> live = new HashMap<>();
        for (RenderedManifest manifest : desired.rendered()) {
            if (!pending.contains(manifest.owner()) && !desired.failedOwners().containsKey(manifest.owner())) {
                live.put(manifest.owner(), desired.commit());
            }
        }
        return live;
    }

    private Optional<Snapshot> pollGit() {
        Timer.Sample sample = Timer.start();
        try {
            watcher.poll().ifPresent(s -> log.atInfo().addKeyValue("commit", s.commit())
                    .log("new commit {} on {}", s.shortCommit(), watcher.source().branch()));
            gitError = null;
        } catch (GitFetchException e) {
            fetchFailures.increment();
            gitError = e.getMessage();
            log.atWarn().addKeyValue("repo", watcher.displayUrl())
                    .log("cannot fetch from Git, keeping the last applied state: {}", e.getMessage());
        } finally {
            sample.stop(fetchTimer);
        }
        return watcher.lastSnapshot();
    }

    private void publishStatus(List<ManifestStatus> statuses, Snapshot snapshot) {
        if (publisher.isEmpty()) {
            return;
        }
        try {
            PublishResult published = publisher.get().publish(statusFiles.render(statuses, rollouts::view), snapshot.commit());
            if (published.committed()) {
                statusCommits.increment();
            }
        } catch (GitFetchException | RuntimeException e) {
            log.warn("cannot commit status to the status branch, will retry next cycle: {}", e.getMessage());
        }
    }

    private static Map<String, List<String>> routeTargets(DesiredStateBuilder.Result result) {
        Map<String, List<String>> targets = new HashMap<>();
        for (ModelRoute route : result.manifests().routes()) {
            Set<String> ids = new LinkedHashSet<>();
            route.spec().modelDeployments().stream().map(WeightedTarget::mdName).forEach(ids::add);
            route.spec().rules().forEach(rule -> rule.modelDeployments().stream()
                    .map(WeightedTarget::mdName).forEach(ids::add));
            if (route.spec().mirror() != null) {
                ids.add(route.spec().mirror());
            }
            targets.put(route.id(), List.copyOf(ids));
        }
        return targets;
    }

    private ApiState apiState(Snapshot snapshot, DesiredStateBuilder.Result result, ChangeSet changes,
                              List<ManifestStatus> statuses, Instant now, Map<Owner, String> appliedCommits) {
        String prefix = watcher.source().path().isEmpty() ? "" : watcher.source().path() + "/";
        Map<Owner, ManifestStatus> byOwner = statuses.stream()
                .collect(Collectors.toMap(s -> new Owner(OwnerKind.parse(s.kind()), s.id()), s -> s, (a, b) -> a));
        Map<String, String> commits = snapshot.lastChangedCommitByFile();
        Map<Owner, List<ChangeSetEntry>> changesByOwner = changes.entries().stream()
                .collect(Collectors.groupingBy(ChangeSetEntry::owner));
        List<DeploymentView> deployments = new ArrayList<>();
        for (ModelDeployment d : result.manifests().deployments()) {
            Owner owner = new Owner(OwnerKind.MODEL_DEPLOYMENT, d.id());
            deployments.add(new DeploymentView(d, prefix + d.source().file(), commits.get(d.source().file()),
                    byOwner.get(owner),
                    new ChangeSet(changes.commit(), changesByOwner.getOrDefault(owner, List.of()))));
        }
        List<RouteView> routes = new ArrayList<>();
        for (ModelRoute r : result.manifests().routes()) {
            Owner owner = new Owner(OwnerKind.MODEL_ROUTE, r.id());
            routes.add(new RouteView(r, prefix + r.source().file(), commits.get(r.source().file()),
                    byOwner.get(owner),
                    new ChangeSet(changes.commit(), changesByOwner.getOrDefault(owner, List.of())),
                    rollouts.view(r.id()).orElse(null)));
        }
        List<FailedManifest> failed = result.findings().stream()
                .collect(Collectors.groupingBy(f -> f.location().file() + "|" + f.kind() + "|" + f.id(),
                        java.util.LinkedHashMap::new, Collectors.toList()))
                .values().stream()
                .map(group -> {
                    Finding first = group.get(0);
                    return new FailedManifest(first.kind(), first.id(), prefix + first.location().file(),
                            commits.get(first.location().file()), group);
                })
                .toList();
        String applied = appliedCommits.isEmpty() ? null : snapshot.commit();
        SourceInfo source = new SourceInfo(watcher.displayUrl(), watcher.source().branch(), watcher.source().path(),
                snapshot.commit(), changes.failed() ? null : applied, gitError);
        return new ApiState(source, deployments, routes, openApiDocuments(result.render().rendered()), failed, now);
    }

    private static Map<String, String> openApiDocuments(List<RenderedManifest> rendered) {
        Map<String, String> documents = new HashMap<>();
        for (RenderedManifest manifest : rendered) {
            for (GenericKubernetesResource object : manifest.objects()) {
                if (ManagedKind.CONFIG_MAP.kind().equals(object.getKind())
                        && object.getAdditionalProperties().get("data") instanceof Map<?, ?> data
                        && data.get("openapi.json") instanceof String json) {
                    documents.put(manifest.owner().id(), json);
                }
            }
        }
        return documents;
    }
}
