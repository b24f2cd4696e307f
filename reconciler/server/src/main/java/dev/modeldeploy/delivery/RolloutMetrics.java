package dev.modeldeploy.delivery;

import dev.modeldeploy.manifest.RolloutSpec;
import dev.modeldeploy.rollout.RolloutEvent;
import dev.modeldeploy.rollout.RolloutPhase;
import dev.modeldeploy.rollout.RolloutState;
import dev.modeldeploy.rollout.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What rollouts export on /metrics: each transition and check counted, and per route its phase, step and the
 * candidate's weight. Routes that no longer have a rollout disappear from the gauges.
 */
final class RolloutMetrics {
    private final MeterRegistry registry;
    private final MultiGauge phase;
    private final MultiGauge step;
    private final MultiGauge candidateWeight;

    RolloutMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.phase = MultiGauge.builder("modeldeploy.rollout.phase")
                .description("1 for the phase each route's rollout is in, 0 for the others").register(registry);
        this.step = MultiGauge.builder("modeldeploy.rollout.step")
                .description("The step (from 1) each route's rollout holds").register(registry);
        this.candidateWeight = MultiGauge.builder("modeldeploy.rollout.candidate.weight")
                .description("The candidate's share of each route's traffic, in percent").register(registry);
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
                .tags("route", routeId, "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
    }

    /** Replaces the gauges with the rollouts there are now. */
    void show(Map<String, Map.Entry<RolloutState, RolloutSpec>> rollouts) {
        List<MultiGauge.Row<?>> phases = new ArrayList<>();
        List<MultiGauge.Row<?>> steps = new ArrayList<>();
        List<MultiGauge.Row<?>> weights = new ArrayList<>();
        rollouts.forEach((routeId, entry) -> {
            RolloutState state = entry.getKey();
            RolloutSpec spec = entry.getValue();
            for (RolloutPhase candidate : RolloutPhase.values()) {
                phases.add(MultiGauge.Row.of(Tags.of("route", routeId, "phase", candidate.displayName()),
                        state.phase() == candidate ? 1 : 0));
            }
            steps.add(MultiGauge.Row.of(Tags.of("route", routeId), Math.min(state.step(), spec.lastStep()) + 1));
            weights.add(MultiGauge.Row.of(Tags.of("route", routeId), state.candidateWeight(spec)));
        });
        phase.register(phases, true);
        step.register(steps, true);
        candidateWeight.register(weights, true);
    }
}
