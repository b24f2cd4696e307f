package dev.modeldeploy.manifest;

import java.time.Duration;
import java.util.List;

/**
 * A route's progressive delivery, as Git declares it: the candidate's weight goes through {@code steps}, each held
 * for {@code interval} and then checked by {@code analysis}. {@code abort} sends all traffic back to stable at once.
 */
public record RolloutSpec(String stable, String candidate, List<Integer> steps, Duration interval,
        RolloutAnalysis analysis, boolean abort) {
    public RolloutSpec {
        steps = List.copyOf(steps);
    }

    public int lastStep() {
        return steps.size() - 1;
    }

    public RolloutSpec withAbort(boolean newAbort) {
        return new RolloutSpec(stable, candidate, steps, interval, analysis, newAbort);
    }
}
