package dev.modeldeploy.metrics;

import dev.modeldeploy.health.ManifestStatus;
import dev.modeldeploy.health.State;
import dev.modeldeploy.sync.common.ChangeSet;
import dev.modeldeploy.sync.common.ChangeSetEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reconcile engine's meters, named as the daemon exports them on /metrics (Prometheus names in brackets):
 * modeldeploy.reconcile.duration [modeldeploy_reconcile_duration_seconds], modeldeploy.reconcile.failures
 * [modeldeploy_reconcile_failures_total], modeldeploy.objects{kind,action} [modeldeploy_objects_total],
 * modeldeploy.drift.corrections{kind} [modeldeploy_drift_corrections_total], modeldeploy.deployment.state
 * {deployment,state} [modeldeploy_deployment_state, 1 for the current state, 0 for the others] and
 * modeldeploy.prune.brake{reason} [modeldeploy_prune_brake_total, cycles in which the prune brake held].
 */
public final class ReconcileMetrics {
    private final MeterRegistry registry;
    private final Timer duration;
    private final Counter failures;
    private final Map<String, AtomicReference<State>> deploymentStates = new ConcurrentHashMap<>();

    public ReconcileMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duration = Timer.builder("modeldeploy.reconcile.duration")
                .description("Time of one reconcile cycle")
                .register(registry);
        this.failures = Counter.builder("modeldeploy.reconcile.failures")
                .description("Reconcile cycles in which at least one object failed, or the cycle itself failed")
                .register(registry);
    }

    /** Meters kept in memory only, for callers that export nothing (the apply command, tests). */
    public static ReconcileMetrics inMemory() {
        return new ReconcileMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void cycle(ChangeSet changes, Duration took) {
        duration.record(took);
        for (ChangeSetEntry entry : changes.entries()) {
            Counter.builder("modeldeploy.objects")
                    .description("Objects handled by reconcile cycles, by what was done to them")
                    .tag("kind", entry.kind() == null ? "" : entry.kind())
                    .tag("action", entry.action().name().toLowerCase(Locale.ROOT))
                    .register(registry)
                    .increment();
        }
        if (changes.failed()) {
            failures.increment();
        }
    }

    /** A cycle that could not run at all (e.g. the live objects could not be listed). */
    public void cycleFailed(Duration took) {
        duration.record(took);
        failures.increment();
    }

    public void driftCorrected(String kind) {
        Counter.builder("modeldeploy.drift.corrections")
                .description("Live objects set back to Git after someone changed fields Git sets")
                .tag("kind", kind)
                .register(registry)
                .increment();
    }

    public void adopted() {
        Counter.builder("modeldeploy.objects.adopted")
                .description("Live objects of an earlier modeldeploy (no instance label) taken over by this install")
                .register(registry)
                .increment();
    }

    public void pruneBrake(String reason) {
        Counter.builder("modeldeploy.prune.brake")
                .description("Reconcile cycles in which the prune safety brake refused deletions")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** Sets the state gauges of every deployment to these statuses; deployments not among them lose their gauges. */
    public void deploymentStates(Collection<ManifestStatus> statuses) {
        Set<String> present = new HashSet<>();
        for (ManifestStatus status : statuses) {
            if (!"ModelDeployment".equals(status.kind()) || status.state() == null) {
                continue;
            }
            present.add(status.id());
            deploymentStates.computeIfAbsent(status.id(), this::registerStateGauges).set(status.state());
        }
        for (String id : Set.copyOf(deploymentStates.keySet())) {
            if (!present.contains(id)) {
                deploymentStates.remove(id);
                for (State state : State.values()) {
                    registry.find("modeldeploy.deployment.state").tags("deployment", id, "state", state.name())
                            .meters().forEach(registry::remove);
                }
            }
        }
    }

    private AtomicReference<State> registerStateGauges(String id) {
        AtomicReference<State> current = new AtomicReference<>();
        for (State state : State.values()) {
            Gauge.builder("modeldeploy.deployment.state", current, c -> c.get() == state ? 1 : 0)
                    .description("1 for the deployment's current state, 0 for the others")
                    .tags("deployment", id, "state", state.name())
                    .register(registry);
        }
        return current;
    }
}
