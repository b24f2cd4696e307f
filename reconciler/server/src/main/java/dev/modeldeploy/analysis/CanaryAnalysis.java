package dev.modeldeploy.analysis;

import dev.modeldeploy.manifest.RolloutAnalysis;
import dev.modeldeploy.manifest.RolloutSpec;
import dev.modeldeploy.render.Names;
import dev.modeldeploy.rollout.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Runs a rollout step's checks in Prometheus and says PASS, FAIL or NO_DATA, with what was measured.
 *
 * <p>The candidate is measured over the check's window (the requests served at this step's weights). Thresholds
 * relative to the stable deployment compare with the stable's figures since the rollout started: at the last step
 * the stable gets no traffic through the route, so its own window would be empty. Fewer than minRequests requests on
 * either side, a query with no answer, or no Prometheus at all is NO_DATA, which never passes. Any failed threshold
 * is a FAIL even when another check had no data.
 */
public final class CanaryAnalysis {
    /** No Prometheus configured: every check has no data, and rollouts pause saying so. */
    public static final String NOT_CONFIGURED = "no Prometheus configured (set prometheus.url in the cluster settings)";

    private final PrometheusClient prometheus;
    private final String namespace;

    /** prometheus may be null when the cluster settings name none. */
    public CanaryAnalysis(PrometheusClient prometheus, String namespace) {
        this.prometheus = prometheus;
        this.namespace = namespace;
    }

    /** The Prometheus base URL as logs may show it, or null without one. */
    public String prometheusUrl() {
        return prometheus == null ? null : prometheus.displayUrl();
    }

    /**
     * @param windowStart   where the candidate's window begins (the step's start or its last check)
     * @param baselineStart where the stable deployment's window begins (the rollout's start)
     */
    public Verdict run(RolloutSpec spec, Instant windowStart, Instant baselineStart, Instant now) {
        if (prometheus == null) {
            return Verdict.noData(NOT_CONFIGURED);
        }
        try {
            return measure(spec, Duration.between(windowStart, now), Duration.between(baselineStart, now), now);
        } catch (PrometheusException e) {
            return Verdict.noData(e.getMessage());
        }
    }

    private Verdict measure(RolloutSpec spec, Duration window, Duration baselineWindow, Instant now) throws PrometheusException {
        RolloutAnalysis analysis = spec.analysis();
        String candidate = IstioQueries.selector(namespace, Names.knativeService(spec.candidate()));
        String stable = IstioQueries.selector(namespace, Names.knativeService(spec.stable()));
        Duration baseline = baselineWindow.compareTo(window) < 0 ? window : baselineWindow;

        double candidateRequests = value(IstioQueries.requestCount(candidate, window), now).orElse(0);
        if (candidateRequests < analysis.minRequests()) {
            return Verdict.noData(count(candidateRequests) + " requests to " + spec.candidate() + " in the last "
                    + IstioQueries.range(window) + ", fewer than minRequests " + analysis.minRequests());
        }
        boolean stableMeasured = false;
        String stableShortfall = null;
        if (analysis.comparesWithStable()) {
            double stableRequests = value(IstioQueries.requestCount(stable, baseline), now).orElse(0);
            stableMeasured = stableRequests >= analysis.minRequests();
            if (!stableMeasured) {
                stableShortfall = count(stableRequests) + " requests to stable " + spec.stable() + " since the rollout began, "
                        + "fewer than minRequests " + analysis.minRequests();
            }
        }

        List<Check> checks = new ArrayList<>();
        if (analysis.checksSuccessRate()) {
            OptionalDouble rate = percent(value(IstioQueries.successRatio(candidate, window), now));
            if (analysis.minSuccessRatePercent() != null) {
                checks.add(atLeast("success rate", rate, analysis.minSuccessRatePercent(), "%"));
            }
            if (analysis.maxSuccessRateDropFromStable() != null) {
                checks.add(!stableMeasured ? Check.noData(stableShortfall) : dropFromStable(rate,
                        percent(value(IstioQueries.successRatio(stable, baseline), now)), analysis.maxSuccessRateDropFromStable()));
            }
        }
        if (analysis.checksLatency()) {
            double percentile = analysis.latencyPercentile();
            String name = "p" + number(percentile) + " latency";
            OptionalDouble latency = value(IstioQueries.latencyPercentile(candidate, percentile, window), now);
            if (analysis.maxLatencyMs() != null) {
                checks.add(atMost(name, latency, analysis.maxLatencyMs(), "ms"));
            }
            if (analysis.maxLatencyRatioToStable() != null) {
                checks.add(!stableMeasured ? Check.noData(stableShortfall) : ratioToStable(name, latency,
                        value(IstioQueries.latencyPercentile(stable, percentile, baseline), now), analysis.maxLatencyRatioToStable()));
            }
        }
        return combine(checks, count(candidateRequests) + " requests");
    }

    private OptionalDouble value(String promql, Instant now) throws PrometheusException {
        return prometheus.query(promql, now);
    }

    /** One threshold's outcome; detail says what was compared. */
    private record Check(Verdict.Outcome outcome, String detail) {
        static Check noData(String detail) {
            return new Check(Verdict.Outcome.NO_DATA, detail);
        }
    }

    private static Check atLeast(String name, OptionalDouble measured, double min, String unit) {
        if (measured.isEmpty()) {
            return Check.noData("no " + name + " in Prometheus");
        }
        boolean pass = measured.getAsDouble() >= min;
        return new Check(pass ? Verdict.Outcome.PASS : Verdict.Outcome.FAIL,
                name + " " + fixed(measured.getAsDouble()) + unit + (pass ? " >= " : " < ") + number(min) + unit);
    }

    private static Check atMost(String name, OptionalDouble measured, double max, String unit) {
        if (measured.isEmpty()) {
            return Check.noData("no " + name + " in Prometheus");
        }
        boolean pass = measured.getAsDouble() <= max;
        return new Check(pass ? Verdict.Outcome.PASS : Verdict.Outcome.FAIL,
                name + " " + fixed(measured.getAsDouble()) + unit + (pass ? " <= " : " > ") + number(max) + unit);
    }

    private static Check dropFromStable(OptionalDouble candidate, OptionalDouble stable, double maxDrop) {
        if (candidate.isEmpty() || stable.isEmpty()) {
            return Check.noData("no success rate for " + (candidate.isEmpty() ? "the candidate" : "stable") + " in Prometheus");
        }
        double drop = stable.getAsDouble() - candidate.getAsDouble();
        boolean pass = drop <= maxDrop;
        return new Check(pass ? Verdict.Outcome.PASS : Verdict.Outcome.FAIL, "success rate " + fixed(candidate.getAsDouble())
                + "% vs stable's " + fixed(stable.getAsDouble()) + "%, " + (pass ? "within " : "more than ") + number(maxDrop)
                + " points below");
    }

    private static Check ratioToStable(String name, OptionalDouble candidate, OptionalDouble stable, double maxRatio) {
        if (candidate.isEmpty() || stable.isEmpty() || stable.getAsDouble() <= 0) {
            return Check.noData("no " + name + " for " + (candidate.isEmpty() ? "the candidate" : "stable") + " in Prometheus");
        }
        double ratio = candidate.getAsDouble() / stable.getAsDouble();
        boolean pass = ratio <= maxRatio;
        return new Check(pass ? Verdict.Outcome.PASS : Verdict.Outcome.FAIL, name + " " + fixed(candidate.getAsDouble())
                + "ms is " + fixed(ratio) + "x stable's " + fixed(stable.getAsDouble()) + "ms" + (pass ? " <= " : " > ")
                + number(maxRatio) + "x");
    }

    private static Verdict combine(List<Check> checks, String volume) {
        List<String> failed = checks.stream().filter(c -> c.outcome() == Verdict.Outcome.FAIL).map(Check::detail).toList();
        if (!failed.isEmpty()) {
            return Verdict.fail(String.join("; ", failed));
        }
        List<String> missing = checks.stream().filter(c -> c.outcome() == Verdict.Outcome.NO_DATA).map(Check::detail).toList();
        if (!missing.isEmpty()) {
            return Verdict.noData(String.join("; ", missing));
        }
        List<String> passed = new ArrayList<>();
        passed.add(volume);
        checks.forEach(c -> passed.add(c.detail()));
        return Verdict.pass(String.join(", ", passed));
    }

    private static OptionalDouble percent(OptionalDouble ratio) {
        return ratio.isEmpty() ? ratio : OptionalDouble.of(ratio.getAsDouble() * 100);
    }

    private static String count(double requests) {
        return String.valueOf(Math.round(requests));
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** A threshold as the manifest wrote it: 99 rather than 99.0. */
    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
