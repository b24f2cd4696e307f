package dev.modeldeploy.rollout;

import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.manifest.RolloutSpec;
import dev.modeldeploy.manifest.rules.Durations;
import java.time.Duration;
import java.time.Instant;

/**
 * The rules of a rollout, as pure functions of the recorded state, the route, the time and what the checks found.
 *
 * <ul>
 *   <li>A route seen for the first time, or changed in Git, starts at the first step; abort in the manifest stops it
 *       at once, all traffic to stable.</li>
 *   <li>At the end of each interval the checks run on that interval's requests. A pass moves to the next step, or
 *       promotes after the last one. A failure is counted; failureLimit of them, over the whole rollout, roll it back.
 *       Otherwise the step is held and checked again after another interval.</li>
 *   <li>No data is never a pass: the step is held, and once the checks have had no data for noDataTimeout the
 *       rollout pauses at its current weights and says why. A check with data later goes on from there.</li>
 * </ul>
 */
public final class RolloutMachine {
    private RolloutMachine() {
    }

    /**
     * Brings the recorded state (null when there is none) in line with the route as Git has it now. Returns the
     * state unchanged when it belongs to this version of the route.
     */
    public static Transition sync(RolloutState recorded, ModelRoute route, Instant now) {
        RolloutSpec spec = route.spec().rollout();
        if (spec == null) {
            throw new IllegalArgumentException("route " + route.id() + " has no rollout");
        }
        String fingerprint = RouteFingerprint.of(route.spec());
        if (recorded != null && recorded.routeFingerprint().equals(fingerprint)) {
            return Transition.unchanged(recorded);
        }
        if (spec.abort()) {
            String at = recorded == null || recorded.isFinal() ? "" : " at " + describeStep(spec, recorded.step());
            return new Transition(new RolloutState(route.id(), fingerprint, RolloutPhase.ABORTED, 0, 0, now, now, null, now,
                    "aborted through Git (spec.rollout.abort)" + at + "; all traffic to " + spec.stable()), RolloutEvent.ABORTED);
        }
        String started = recorded == null ? "started" : "the route changed in Git; started over";
        RolloutState first = new RolloutState(route.id(), fingerprint, RolloutPhase.PROGRESSING, 0, 0, now, now, null, now,
                started + ": " + describeStep(spec, 0) + ", checked after " + Durations.format(spec.interval()));
        return new Transition(first, recorded == null ? RolloutEvent.STARTED : RolloutEvent.RESTARTED);
    }

    /** True when the current step's checks should run now. Final states are never checked again. */
    public static boolean checkDue(RolloutState state, RolloutSpec spec, Instant now) {
        return !state.isFinal() && !now.isBefore(state.nextCheckAt(spec));
    }

    /** The state after the checks of the current step found verdict at time now. */
    public static Transition afterCheck(RolloutState state, RolloutSpec spec, Verdict verdict, Instant now) {
        if (state.isFinal()) {
            return Transition.unchanged(state);
        }
        return switch (verdict.outcome()) {
            case PASS -> passed(state, spec, verdict, now);
            case FAIL -> failed(state, spec, verdict, now);
            case NO_DATA -> noData(state, spec, verdict, now);
        };
    }

    private static Transition passed(RolloutState state, RolloutSpec spec, Verdict verdict, Instant now) {
        String passed = describeStep(spec, state.step()) + " passed (" + verdict.detail() + ")";
        if (state.step() >= spec.lastStep()) {
            return new Transition(state.with(RolloutPhase.PROMOTED, spec.lastStep(), state.failedChecks(), state.stepStartedAt(),
                    now, now, passed + "; promoted: " + spec.candidate() + " takes all traffic"), RolloutEvent.PROMOTED);
        }
        int next = state.step() + 1;
        return new Transition(state.with(RolloutPhase.PROGRESSING, next, state.failedChecks(), now, null, now,
                passed + "; now " + describeStep(spec, next)), RolloutEvent.ADVANCED);
    }

    private static Transition failed(RolloutState state, RolloutSpec spec, Verdict verdict, Instant now) {
        int failures = state.failedChecks() + 1;
        int limit = spec.analysis().failureLimit();
        String counted = "check " + failures + " of " + limit + " allowed failed at " + describeStep(spec, state.step())
                + " (" + verdict.detail() + ")";
        if (failures >= limit) {
            return new Transition(state.with(RolloutPhase.ROLLED_BACK, state.step(), failures, state.stepStartedAt(), now, now,
                    counted + "; rolled back: all traffic to " + spec.stable()), RolloutEvent.ROLLED_BACK);
        }
        return new Transition(state.with(RolloutPhase.PROGRESSING, state.step(), failures, state.stepStartedAt(), now, now,
                counted + "; checking again after " + Durations.format(spec.interval())), RolloutEvent.CHECK_FAILED);
    }

    private static Transition noData(RolloutState state, RolloutSpec spec, Verdict verdict, Instant now) {
        Duration without = Duration.between(state.lastDataAt(), now);
        Duration timeout = spec.analysis().noDataTimeout();
        if (without.compareTo(timeout) >= 0 && state.phase() == RolloutPhase.PAUSED) {
            // staying paused is no new event: the reason keeps its first cause rather than a commit every interval
            return Transition.unchanged(state.with(RolloutPhase.PAUSED, state.step(), state.failedChecks(),
                    state.stepStartedAt(), now, state.lastDataAt(), state.reason()));
        }
        if (without.compareTo(timeout) >= 0) {
            RolloutState paused = state.with(RolloutPhase.PAUSED, state.step(), state.failedChecks(), state.stepStartedAt(), now,
                    state.lastDataAt(), "paused at " + describeStep(spec, state.step()) + ": no data since "
                            + state.lastDataAt() + " (noDataTimeout " + Durations.format(timeout) + "): " + verdict.detail()
                            + "; it goes on once a check has data, and never promotes without");
            return new Transition(paused, RolloutEvent.PAUSED);
        }
        return new Transition(state.with(RolloutPhase.PROGRESSING, state.step(), state.failedChecks(), state.stepStartedAt(), now,
                state.lastDataAt(), "waiting for data at " + describeStep(spec, state.step()) + ": " + verdict.detail()
                        + "; pauses after " + Durations.format(timeout) + " without data"), RolloutEvent.WAITING_FOR_DATA);
    }

    /** "step 2 of 4 (candidate wine-b at 25%)". */
    public static String describeStep(RolloutSpec spec, int step) {
        int index = Math.min(step, spec.lastStep());
        return "step " + (index + 1) + " of " + spec.steps().size() + " (" + spec.candidate() + " at " + spec.steps().get(index) + "%)";
    }
}
