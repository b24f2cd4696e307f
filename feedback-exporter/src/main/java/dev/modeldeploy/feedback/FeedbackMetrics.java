package dev.modeldeploy.feedback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/** The feedback metrics under the names the project agreed on (Prometheus names in the comments). */
public final class FeedbackMetrics {
    private final MeterRegistry registry;
    private final Map<RecordKind, Counter> received = new EnumMap<>(RecordKind.class);
    private final Map<RecordKind, Counter> exported = new EnumMap<>(RecordKind.class);
    private final Counter exportFailures;

    public FeedbackMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (RecordKind kind : RecordKind.values()) {
            // modeldeploy_feedback_records_received_total{kind}
            received.put(kind, Counter.builder("modeldeploy.feedback.records.received").tag("kind", kind.pathName())
                    .description("Feedback records durably spooled").register(registry));
            // modeldeploy_feedback_records_exported_total{kind}
            exported.put(kind, Counter.builder("modeldeploy.feedback.records.exported").tag("kind", kind.pathName())
                    .description("Feedback records written to the bucket").register(registry));
        }
        // modeldeploy_feedback_export_failures_total
        exportFailures = Counter.builder("modeldeploy.feedback.export.failures")
                .description("Failed bucket uploads (each is retried)").register(registry);
    }

    public void received(RecordKind kind) {
        received.get(kind).increment();
    }

    public void exported(RecordKind kind, long count) {
        exported.get(kind).increment(count);
    }

    public void exportFailure() {
        exportFailures.increment();
    }

    /** modeldeploy_feedback_spool_bytes */
    public void bindSpoolBytes(Supplier<Number> bytes) {
        removeGauge("modeldeploy.feedback.spool.bytes");
        Gauge.builder("modeldeploy.feedback.spool.bytes", bytes).description("Bytes held in the local spool").strongReference(true).register(registry);
    }

    /** modeldeploy_feedback_export_lag_seconds */
    public void bindExportLag(Supplier<Number> seconds) {
        removeGauge("modeldeploy.feedback.export.lag.seconds");
        Gauge.builder("modeldeploy.feedback.export.lag.seconds", seconds)
                .description("Age of the oldest record not yet exported").strongReference(true).register(registry);
    }

    /** A service reopened on the same registry must not leave the gauge reading the closed spool. */
    private void removeGauge(String name) {
        registry.find(name).gauges().forEach(registry::remove);
    }

    public MeterRegistry registry() {
        return registry;
    }
}
