package dev.modeldeploy.chart;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The daemon's Prometheus names as fixed in the project's shared brief (metric names section), and the series
 * Micrometer's Prometheus registry derives from them: a Timer exposes {@code _seconds_count}, {@code _seconds_sum}
 * and {@code _seconds_max}; counters end in {@code _total}; gauges keep their name.
 */
final class DaemonMetricContract {

    enum Type { TIMER, COUNTER, GAUGE }

    /** Base names exactly as the brief writes them. */
    static final Map<String, Type> NAMES = Map.ofEntries(
            Map.entry("modeldeploy_reconcile_duration_seconds", Type.TIMER),
            Map.entry("modeldeploy_reconcile_failures_total", Type.COUNTER),
            Map.entry("modeldeploy_objects_total", Type.COUNTER),
            Map.entry("modeldeploy_drift_corrections_total", Type.COUNTER),
            Map.entry("modeldeploy_deployment_state", Type.GAUGE),
            Map.entry("modeldeploy_git_fetch_duration_seconds", Type.TIMER),
            Map.entry("modeldeploy_git_fetch_failures_total", Type.COUNTER),
            Map.entry("modeldeploy_status_commits_total", Type.COUNTER),
            Map.entry("modeldeploy_feedback_records_received_total", Type.COUNTER),
            Map.entry("modeldeploy_feedback_records_exported_total", Type.COUNTER),
            Map.entry("modeldeploy_feedback_export_lag_seconds", Type.GAUGE),
            Map.entry("modeldeploy_feedback_export_failures_total", Type.COUNTER),
            Map.entry("modeldeploy_feedback_spool_bytes", Type.GAUGE));

    static final String PREFIX = "modeldeploy_";

    private DaemonMetricContract() {
    }

    /** Every series name a scrape of the daemon can contain for these meters. */
    static Set<String> seriesNames() {
        Set<String> series = new TreeSet<>();
        NAMES.forEach((name, type) -> {
            if (type == Type.TIMER) {
                series.add(name + "_count");
                series.add(name + "_sum");
                series.add(name + "_max");
            } else {
                series.add(name);
            }
        });
        return series;
    }
}
