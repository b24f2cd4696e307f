package dev.modeldeploy.rollout;

import dev.modeldeploy.manifest.RolloutAnalysis;
import dev.modeldeploy.manifest.RolloutSpec;
import dev.modeldeploy.manifest.rules.Durations;
import java.util.ArrayList;
import java.util.List;

/** The steps a route's rollout will go through, in words, for `modeldeploy plan`. */
public final class RolloutPlan {
    private RolloutPlan() {
    }

    public static List<String> describe(RolloutSpec spec) {
        List<String> lines = new ArrayList<>();
        if (spec.abort()) {
            lines.add("rollout aborted in Git: all traffic to " + spec.stable() + ", " + spec.candidate() + " gets none");
            return lines;
        }
        String interval = Durations.format(spec.interval());
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < spec.steps().size(); i++) {
            int weight = spec.steps().get(i);
            steps.add((i + 1) + ". " + spec.stable() + " " + (100 - weight) + ", " + spec.candidate() + " " + weight);
        }
        lines.add("rollout " + spec.stable() + " → " + spec.candidate() + " in " + spec.steps().size()
                + (spec.steps().size() == 1 ? " step" : " steps") + " of " + interval + ", starting over from step 1: "
                + String.join("; ", steps));
        lines.add("rollout checks after each step: " + checks(spec.analysis()) + "; promoted after step "
                + spec.steps().size() + " passes, rolled back to " + spec.stable() + " after "
                + spec.analysis().failureLimit() + " failed " + (spec.analysis().failureLimit() == 1 ? "check" : "checks")
                + ", paused after " + Durations.format(spec.analysis().noDataTimeout()) + " without data (fewer than "
                + spec.analysis().minRequests() + " requests)");
        return lines;
    }

    private static String checks(RolloutAnalysis a) {
        List<String> checks = new ArrayList<>();
        if (a.minSuccessRatePercent() != null) {
            checks.add("success rate ≥ " + number(a.minSuccessRatePercent()) + "%");
        }
        if (a.maxSuccessRateDropFromStable() != null) {
            checks.add("success rate at most " + number(a.maxSuccessRateDropFromStable()) + " points below stable");
        }
        String percentile = "p" + number(a.latencyPercentile());
        if (a.maxLatencyMs() != null) {
            checks.add(percentile + " latency ≤ " + number(a.maxLatencyMs()) + "ms");
        }
        if (a.maxLatencyRatioToStable() != null) {
            checks.add(percentile + " latency ≤ " + number(a.maxLatencyRatioToStable()) + "× stable's");
        }
        return String.join(", ", checks);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
