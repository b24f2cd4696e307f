package dev.modeldeploy.delivery;

import dev.modeldeploy.manifest.ManifestSet;
import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.manifest.RolloutSpec;
import dev.modeldeploy.rollout.RolloutEvent;
import dev.modeldeploy.rollout.RolloutMachine;
import dev.modeldeploy.rollout.RolloutState;
import dev.modeldeploy.rollout.RolloutStates;
import dev.modeldeploy.rollout.RolloutView;
import dev.modeldeploy.rollout.Transition;
import dev.modeldeploy.rollout.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives every route's rollout, once per reconcile, on the leader only: brings each in line with Git (new or changed
 * route: first step; abort: all to stable), runs the checks that are due and applies what they found. It hands the
 * renderer the states to render and asks to be woken when the next check is due.
 *
 * <p>A restart resumes each rollout where it was: before its first pass the driver reads what was recorded, on the
 * status branch and on the routes' live VirtualServices, and takes the later of the two for each route. A route
 * changed in Git meanwhile starts over, as it would have had the daemon been running.
 */
public final class RolloutDriver {
    private static final Logger log = LoggerFactory.getLogger(RolloutDriver.class);

    /** Where recorded rollout states are read back from on start. */
    public interface RecordSource {
        /** Route id → the last state recorded there. */
        Map<String, RolloutState> read() throws Exception;

        /** For logs: "the status branch", "the live VirtualServices". */
        String name();
    }

    /** Runs a step's checks: {@code CanaryAnalysis::run} in the daemon. */
    @FunctionalInterface
    public interface Checks {
        Verdict run(RolloutSpec spec, Instant windowStart, Instant baselineStart, Instant now);
    }

    private final Checks checks;
    private final List<RecordSource> sources;
    private final RecordSource live;
    private final RolloutMetrics metrics;
    private final Clock clock;
    private final Consumer<Instant> wakeUp;
    /** The state at each route's last transition: what is rendered, shown and committed. */
    private final Map<String, RolloutState> recorded = new HashMap<>();
    /** The same, plus later check times that changed nothing worth recording (a paused rollout checked again). */
    private final Map<String, RolloutState> current = new HashMap<>();
    private final Map<String, RolloutSpec> specs = new HashMap<>();
    private Map<String, RolloutState> restored;

    /**
     * @param sources where a new leader reads recorded rollouts back from (the status branch, the live objects)
     * @param live    what a standby shows: the rollouts as the leader put them on the live objects
     */
    public RolloutDriver(Checks checks, List<RecordSource> sources, RecordSource live, MeterRegistry registry, Clock clock,
            Consumer<Instant> wakeUp) {
        this.checks = checks;
        this.sources = List.copyOf(sources);
        this.live = live;
        this.metrics = new RolloutMetrics(registry);
        this.clock = clock;
        this.wakeUp = wakeUp;
    }

    /**
     * The states to render for this cycle. The leader advances every rollout of the manifests as far as the time and
     * the checks allow; a standby moves nothing and shows the rollouts as the leader left them on the live objects,
     * and reads the records back afresh should it lead later.
     */
    public synchronized RolloutStates step(ManifestSet manifests, boolean leading) {
        return leading ? advance(manifests) : observe(manifests);
    }

    private RolloutStates observe(ManifestSet manifests) {
        restored = null;
        current.clear();
        recorded.clear();
        specs.clear();
        Map<String, RolloutState> onLiveObjects;
        try {
            onLiveObjects = live.read();
        } catch (Exception e) {
            log.debug("cannot read rollouts from {}: {}", live.name(), e.getMessage());
            onLiveObjects = Map.of();
        }
        for (ModelRoute route : manifests.routes()) {
            RolloutState state = onLiveObjects.get(route.id());
            if (route.spec().rollout() != null && state != null) {
                specs.put(route.id(), route.spec().rollout());
                recorded.put(route.id(), state);
            }
        }
        showMetrics();
        return new RolloutStates(recorded);
    }

    private void showMetrics() {
        Map<String, Map.Entry<RolloutState, RolloutSpec>> shown = new LinkedHashMap<>();
        recorded.forEach((id, state) -> shown.put(id, new AbstractMap.SimpleImmutableEntry<>(state, specs.get(id))));
        metrics.show(shown);
    }

    private RolloutStates advance(ManifestSet manifests) {
        if (restored == null) {
            current.clear();
            recorded.clear();
            restored = restore();
        }
        Map<String, RolloutSpec> present = new LinkedHashMap<>();
        for (ModelRoute route : manifests.routes()) {
            if (route.spec().rollout() != null) {
                present.put(route.id(), route.spec().rollout());
                advance(route);
            }
        }
        current.keySet().retainAll(present.keySet());
        recorded.keySet().retainAll(present.keySet());
        specs.clear();
        specs.putAll(present);
        showMetrics();
        nextCheck().ifPresent(wakeUp);
        return new RolloutStates(recorded);
    }

    /** The route's rollout as last recorded, for the API, the pages and the status file. */
    public synchronized Optional<RolloutView> view(String routeId) {
        RolloutState state = recorded.get(routeId);
        RolloutSpec spec = specs.get(routeId);
        return state == null || spec == null ? Optional.empty() : Optional.of(new RolloutView(state, spec));
    }

    private void advance(ModelRoute route) {
        RolloutSpec spec = route.spec().rollout();
        Instant now = clock.instant();
        RolloutState before = current.get(route.id());
        if (before == null) {
            before = restored.remove(route.id());
            if (before != null) {
                log.atInfo().addKeyValue("route", route.id()).addKeyValue("phase", before.phase().displayName())
                        .addKeyValue("step", before.step() + 1)
                        .log("route {}: resuming its rollout as recorded: {} at step {} ({})", route.id(),
                                before.phase().displayName(), before.step() + 1, before.reason());
            }
        }
        Transition synced = RolloutMachine.sync(before, route, now);
        apply(route.id(), spec, synced);
        RolloutState state = synced.state();
        if (RolloutMachine.checkDue(state, spec, now)) {
            Verdict verdict = checks.run(spec, state.windowStart(), state.startedAt(), now);
            metrics.check(route.id(), verdict.outcome());
            log.atDebug().addKeyValue("route", route.id()).addKeyValue("outcome", verdict.outcome().name())
                    .log("route {}: checks at step {}: {} ({})", route.id(), state.step() + 1, verdict.outcome(), verdict.detail());
            apply(route.id(), spec, RolloutMachine.afterCheck(state, spec, verdict, clock.instant()));
        }
    }

    private void apply(String routeId, RolloutSpec spec, Transition transition) {
        RolloutState state = transition.state();
        current.put(routeId, state);
        if (!transition.changed()) {
            recorded.putIfAbsent(routeId, state);
            return;
        }
        recorded.put(routeId, state);
        metrics.transition(routeId, transition.event());
        var line = transition.event() == RolloutEvent.ROLLED_BACK || transition.event() == RolloutEvent.PAUSED
                ? log.atWarn() : log.atInfo();
        line.addKeyValue("route", routeId).addKeyValue("event", transition.event().label())
                .addKeyValue("phase", state.phase().displayName()).addKeyValue("step", state.step() + 1)
                .addKeyValue("candidateWeight", state.candidateWeight(spec))
                .log("route {}: rollout {}: {}", routeId, transition.event().label(), state.reason());
    }

    private Optional<Instant> nextCheck() {
        return current.entrySet().stream()
                .filter(e -> !e.getValue().isFinal() && specs.containsKey(e.getKey()))
                .map(e -> e.getValue().nextCheckAt(specs.get(e.getKey())))
                .min(Comparator.naturalOrder());
    }

    /** Each route's latest record among the sources; a source that cannot be read is skipped with a warning. */
    private Map<String, RolloutState> restore() {
        Map<String, RolloutState> latest = new HashMap<>();
        List<String> read = new ArrayList<>();
        for (RecordSource source : sources) {
            Map<String, RolloutState> records;
            try {
                records = source.read();
            } catch (Exception e) {
                log.warn("cannot read recorded rollouts from {}: {}", source.name(), e.getMessage());
                continue;
            }
            read.add(source.name() + " (" + records.size() + ")");
            records.forEach((id, state) -> latest.merge(id, state, (a, b) -> lastChanged(b).isAfter(lastChanged(a)) ? b : a));
        }
        log.info("rollouts recorded in {}: {}", String.join(" and ", read), latest.isEmpty() ? "none" : latest.keySet());
        return latest;
    }

    /** When the state last changed: the later of its step's start, its last check and its last data. */
    static Instant lastChanged(RolloutState state) {
        Instant latest = state.stepStartedAt();
        if (state.lastCheckAt() != null && state.lastCheckAt().isAfter(latest)) {
            latest = state.lastCheckAt();
        }
        return state.lastDataAt().isAfter(latest) ? state.lastDataAt() : latest;
    }
}
