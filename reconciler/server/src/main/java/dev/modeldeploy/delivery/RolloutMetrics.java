package dev.modeldeploy.delivery;

import dev.modeldeploy.manifest.RolloutSpec;
import dev.modeldeploy.rollout.RolloutEvent;
import dev.modeldeploy.rollout.RolloutPhase;
import dev.modeldeploy.rollout.RolloutState;
import dev.modeldeploy.rollout.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What rollouts export on /metrics: each transition and check counted, and per route its phase, step and the
 * candidate's weight. A route's gauges are registered once and then only updated (re-registering them every cycle
 * would race with a scrape), and removed when the route no longer has a rollout.
 */
final class RolloutMetrics {
    private final MeterRegistry registry;
    private final Map<String, RouteGauges> gauges = new HashMap<>();

    /** One route's gauge values, held strongly here since gauges only keep weak references to them. */
    private record RouteGauges(AtomicInteger step, AtomicInteger candidateWeight, Map<RolloutPhase, AtomicInteger> phases,
            List<Meter> meters) {
    }

    RolloutMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void transition(String routeId, RolloutEvent event) {
        Counter.builder("modeldeploy.rollout.transitions")
                .description("Rollout transitions by route and event (started, advanced, check_failed, paused, promoted, ...)")
                .tags("route", routeId, "event", event.label())
                .register(registry).increment();
    }

    void check(String routeId, Verdict.Outcome outcome) {
        Counter.builder("modeldeploy.rollout.checks")
                .description("Rollout checks run, by route and outcome (pass, fail, no_data)")
                .tags("route", routeId, "outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }

    /** Shows the rollouts there are now; the gauges of routes no longer among them are removed. */
    synchronized void show(Map<String, Map.Entry<RolloutState, RolloutSpec>> rollouts) {
        for (String gone : new ArrayList<>(gauges.keySet())) {
            if (!rollouts.containsKey(gone)) {
                gauges.remove(gone).meters().forEach(registry::remove);
            }
        }
        rollouts.forEach((routeId, entry) -> {
            RolloutState state = entry.getKey();
            RolloutSpec spec = entry.getValue();
            RouteGauges route = gauges.computeIfAbsent(routeId, this::register);
            route.step().set(Math.min(state.step(), spec.lastStep()) + 1);
            route.candidateWeight().set(state.candidateWeight(spec));
            route.phases().forEach((phase, value) -> value.set(state.phase() == phase ? 1 : 0));
        });
    }

    private RouteGauges register(String routeId) {
        List<Meter> meters = new ArrayList<>();
        AtomicInteger step = new AtomicInteger();
        AtomicInteger weight = new AtomicInteger();
        meters.add(Gauge.builder("modeldeploy.rollout.step", step, AtomicInteger::get)
                .description("The step (from 1) each route's rollout holds").tags("route", routeId).register(registry));
        meters.add(Gauge.builder("modeldeploy.rollout.candidate.weight", weight, AtomicInteger::get)
                .description("The candidate's share of each route's traffic, in percent").tags("route", routeId)
                .register(registry));
        Map<RolloutPhase, AtomicInteger> phases = new EnumMap<>(RolloutPhase.class);
        for (RolloutPhase phase : RolloutPhase.values()) {
            AtomicInteger value = new AtomicInteger();
            phases.put(phase, value);
            meters.add(Gauge.builder("modeldeploy.rollout.phase", value, AtomicInteger::get)
                    .description("1 for the phase each route's rollout is in, 0 for the others")
                    .tags("route", routeId, "phase", phase.displayName()).register(registry));
        }
        return new RouteGauges(step, weight, phases, meters);
    }
}
