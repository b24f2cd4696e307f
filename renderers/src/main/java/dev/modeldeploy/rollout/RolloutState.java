package dev.modeldeploy.rollout;

import dev.modeldeploy.manifest.RolloutSpec;
import java.time.Instant;
import java.util.Objects;

/**
 * One route's rollout as the daemon drives it, and as the status branch records it so that a restart resumes it.
 *
 * @param routeFingerprint the {@link RouteFingerprint} of the route version this rollout belongs to
 * @param step             index into spec.rollout.steps of the step being held (the last one once promoted)
 * @param failedChecks     failed checks over the whole rollout; failureLimit of them roll it back
 * @param startedAt        when the rollout (re)started: the stable deployment's baseline is measured from here
 * @param stepStartedAt    when the current step's weights were set
 * @param lastCheckAt      when the checks last ran in this step, null before the first; the next check's window
 *                         starts here (or at stepStartedAt)
 * @param lastDataAt       when a check last had data (or the step started): noDataTimeout counts from here
 * @param reason           what the last transition found, in words, for status and logs
 */
public record RolloutState(String routeId, String routeFingerprint, RolloutPhase phase, int step, int failedChecks,
        Instant startedAt, Instant stepStartedAt, Instant lastCheckAt, Instant lastDataAt, String reason) {

    public RolloutState {
        Objects.requireNonNull(routeId, "routeId");
        Objects.requireNonNull(routeFingerprint, "routeFingerprint");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(stepStartedAt, "stepStartedAt");
        Objects.requireNonNull(lastDataAt, "lastDataAt");
        if (step < 0 || failedChecks < 0) {
            throw new IllegalArgumentException("step and failedChecks are never negative");
        }
    }

    /** The candidate's share of the route's traffic in this state; the stable deployment gets the rest. */
    public int candidateWeight(RolloutSpec spec) {
        return switch (phase) {
            case PROGRESSING, PAUSED -> spec.steps().get(Math.min(step, spec.lastStep()));
            case PROMOTED -> 100;
            case ROLLED_BACK, ABORTED -> 0;
        };
    }

    /** When the checks of the current step are next due: one interval after the last check, or after the step began. */
    public Instant nextCheckAt(RolloutSpec spec) {
        return windowStart().plus(spec.interval());
    }

    /** Where the next check's window begins: the requests since then were all served with this step's weights. */
    public Instant windowStart() {
        return lastCheckAt != null ? lastCheckAt : stepStartedAt;
    }

    public boolean isFinal() {
        return phase.isFinal();
    }

    RolloutState with(RolloutPhase newPhase, int newStep, int newFailedChecks, Instant newStepStartedAt,
            Instant newLastCheckAt, Instant newLastDataAt, String newReason) {
        return new RolloutState(routeId, routeFingerprint, newPhase, newStep, newFailedChecks, startedAt, newStepStartedAt,
                newLastCheckAt, newLastDataAt, newReason);
    }
}
