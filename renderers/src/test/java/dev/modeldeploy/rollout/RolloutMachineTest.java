package dev.modeldeploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.manifest.RolloutAnalysis;
import dev.modeldeploy.manifest.RolloutSpec;
import dev.modeldeploy.manifest.RouteSpec;
import dev.modeldeploy.manifest.SourceLocation;
import dev.modeldeploy.manifest.WeightedTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every transition of a rollout, driven with explicit times and verdicts. */
class RolloutMachineTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final RolloutSpec SPEC = new RolloutSpec("wine-a", "wine-b", List.of(5, 25, 50, 100), INTERVAL,
            new RolloutAnalysis(99.0, null, 99, 300.0, null, 20, 2, Duration.ofSeconds(90)), false);
    private static final ModelRoute ROUTE = route(SPEC);

    private static ModelRoute route(RolloutSpec rollout) {
        return new ModelRoute("wine", new RouteSpec("/custom/wine",
                List.of(new WeightedTarget("wine-a", null), new WeightedTarget("wine-b", null)), null, List.of(), rollout),
                new SourceLocation("routes/wine.yaml", 1, 1));
    }

    private static RolloutState started() {
        return RolloutMachine.sync(null, ROUTE, T0).state();
    }

    private static Transition check(RolloutState state, Verdict verdict, Instant now) {
        assertThat(RolloutMachine.checkDue(state, SPEC, now)).as("check due at " + now).isTrue();
        return RolloutMachine.afterCheck(state, SPEC, verdict, now);
    }

    @Test
    void aNewRouteStartsAtTheFirstStepAndIsCheckedAfterOneInterval() {
        Transition start = RolloutMachine.sync(null, ROUTE, T0);

        assertThat(start.event()).isEqualTo(RolloutEvent.STARTED);
        RolloutState state = start.state();
        assertThat(state.phase()).isEqualTo(RolloutPhase.PROGRESSING);
        assertThat(state.step()).isZero();
        assertThat(state.candidateWeight(SPEC)).isEqualTo(5);
        assertThat(state.routeFingerprint()).isEqualTo(RouteFingerprint.of(ROUTE.spec()));
        assertThat(state.reason()).isEqualTo("started: step 1 of 4 (wine-b at 5%), checked after 30s");
        assertThat(RolloutMachine.checkDue(state, SPEC, T0.plusSeconds(29))).isFalse();
        assertThat(RolloutMachine.checkDue(state, SPEC, T0.plusSeconds(30))).isTrue();
        assertThat(RolloutMachine.sync(state, ROUTE, T0.plusSeconds(5)).changed()).isFalse();
    }

    @Test
    void passingEveryStepPromotes() {
        RolloutState state = started();
        List<Integer> weights = new java.util.ArrayList<>();
        Instant now = T0;
        for (int i = 0; i < 3; i++) {
            now = now.plus(INTERVAL);
            Transition t = check(state, Verdict.pass("success rate 100.00% >= 99%"), now);
            assertThat(t.event()).isEqualTo(RolloutEvent.ADVANCED);
            state = t.state();
            assertThat(state.stepStartedAt()).isEqualTo(now);
            assertThat(state.lastCheckAt()).isNull();
            weights.add(state.candidateWeight(SPEC));
        }
        assertThat(weights).containsExactly(25, 50, 100);
        assertThat(state.reason()).isEqualTo("step 3 of 4 (wine-b at 50%) passed (success rate 100.00% >= 99%); now step 4 of 4 (wine-b at 100%)");

        Transition promoted = check(state, Verdict.pass("ok"), now.plus(INTERVAL));
        assertThat(promoted.event()).isEqualTo(RolloutEvent.PROMOTED);
        assertThat(promoted.state().phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(promoted.state().candidateWeight(SPEC)).isEqualTo(100);
        assertThat(promoted.state().reason()).endsWith("; promoted: wine-b takes all traffic");
        assertThat(RolloutMachine.checkDue(promoted.state(), SPEC, now.plusSeconds(3600))).isFalse();
        assertThat(RolloutMachine.afterCheck(promoted.state(), SPEC, Verdict.fail("late"), now.plusSeconds(3600)).changed()).isFalse();
    }

    @Test
    void failuresAreCountedOverTheWholeRolloutAndTheLimitRollsBack() {
        RolloutState state = started();
        Transition first = check(state, Verdict.fail("success rate 90.00% < 99%"), T0.plus(INTERVAL));
        assertThat(first.event()).isEqualTo(RolloutEvent.CHECK_FAILED);
        assertThat(first.state().phase()).isEqualTo(RolloutPhase.PROGRESSING);
        assertThat(first.state().step()).isZero();
        assertThat(first.state().failedChecks()).isEqualTo(1);
        assertThat(first.state().reason()).isEqualTo("check 1 of 2 allowed failed at step 1 of 4 (wine-b at 5%) "
                + "(success rate 90.00% < 99%); checking again after 30s");
        // the repeat looks at the next interval only
        assertThat(first.state().windowStart()).isEqualTo(T0.plus(INTERVAL));
        assertThat(RolloutMachine.checkDue(first.state(), SPEC, T0.plus(INTERVAL).plusSeconds(29))).isFalse();

        RolloutState advanced = check(first.state(), Verdict.pass("ok"), T0.plus(INTERVAL.multipliedBy(2))).state();
        assertThat(advanced.step()).isEqualTo(1);
        assertThat(advanced.failedChecks()).isEqualTo(1);

        Transition rolledBack = check(advanced, Verdict.fail("p99 latency 900ms > 300ms"), T0.plus(INTERVAL.multipliedBy(3)));
        assertThat(rolledBack.event()).isEqualTo(RolloutEvent.ROLLED_BACK);
        assertThat(rolledBack.state().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(rolledBack.state().candidateWeight(SPEC)).isZero();
        assertThat(rolledBack.state().reason()).isEqualTo("check 2 of 2 allowed failed at step 2 of 4 (wine-b at 25%) "
                + "(p99 latency 900ms > 300ms); rolled back: all traffic to wine-a");
    }

    @Test
    void noDataIsNeverAPassAndPausesAfterTheTimeout() {
        RolloutState state = started();
        Transition waiting = check(state, Verdict.noData("3 requests to wine-b, fewer than minRequests 20"), T0.plusSeconds(30));
        assertThat(waiting.event()).isEqualTo(RolloutEvent.WAITING_FOR_DATA);
        assertThat(waiting.state().phase()).isEqualTo(RolloutPhase.PROGRESSING);
        assertThat(waiting.state().step()).isZero();
        assertThat(waiting.state().failedChecks()).isZero();
        assertThat(waiting.state().reason()).isEqualTo("waiting for data at step 1 of 4 (wine-b at 5%): "
                + "3 requests to wine-b, fewer than minRequests 20; pauses after 1m30s without data");

        state = check(waiting.state(), Verdict.noData("Prometheus unreachable"), T0.plusSeconds(60)).state();
        assertThat(state.phase()).isEqualTo(RolloutPhase.PROGRESSING);
        Transition paused = check(state, Verdict.noData("Prometheus at http://p:9090 unreachable: Connection refused"), T0.plusSeconds(90));
        assertThat(paused.event()).isEqualTo(RolloutEvent.PAUSED);
        assertThat(paused.state().phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(paused.state().candidateWeight(SPEC)).isEqualTo(5);
        assertThat(paused.state().reason()).isEqualTo("paused at step 1 of 4 (wine-b at 5%): no data since 2026-12-01T10:00:00Z "
                + "(noDataTimeout 1m30s): Prometheus at http://p:9090 unreachable: Connection refused; "
                + "it goes on once a check has data, and never promotes without");

        Transition stillPaused = check(paused.state(), Verdict.noData("still down"), T0.plusSeconds(120));
        assertThat(stillPaused.changed()).as("staying paused is no new event").isFalse();
        assertThat(stillPaused.state().phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(stillPaused.state().reason()).isEqualTo(paused.state().reason());
        assertThat(stillPaused.state().windowStart()).isEqualTo(T0.plusSeconds(120));

        Transition resumed = check(stillPaused.state(), Verdict.pass("ok"), T0.plusSeconds(150));
        assertThat(resumed.event()).isEqualTo(RolloutEvent.ADVANCED);
        assertThat(resumed.state().phase()).isEqualTo(RolloutPhase.PROGRESSING);
        assertThat(resumed.state().step()).isEqualTo(1);
    }

    @Test
    void aPausedLastStepNeverPromotesWithoutData() {
        RolloutState state = started();
        Instant now = T0;
        for (int i = 0; i < 3; i++) {
            now = now.plus(INTERVAL);
            state = check(state, Verdict.pass("ok"), now).state();
        }
        for (int i = 0; i < 20; i++) {
            now = now.plus(INTERVAL);
            state = check(state, Verdict.noData("no requests"), now).state();
            assertThat(state.phase()).isIn(RolloutPhase.PROGRESSING, RolloutPhase.PAUSED);
        }
        assertThat(state.phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(state.candidateWeight(SPEC)).isEqualTo(100);
    }

    @Test
    void dataThatFailsAfterAPauseCountsAndResumesTheStep() {
        RolloutState state = started();
        state = check(state, Verdict.noData("down"), T0.plusSeconds(90)).state();
        assertThat(state.phase()).isEqualTo(RolloutPhase.PAUSED);
        Transition failed = check(state, Verdict.fail("success rate 50.00% < 99%"), T0.plusSeconds(120));
        assertThat(failed.event()).isEqualTo(RolloutEvent.CHECK_FAILED);
        assertThat(failed.state().phase()).isEqualTo(RolloutPhase.PROGRESSING);
        assertThat(failed.state().lastDataAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void aChangedRouteStartsOverFromTheFirstStep() {
        RolloutState state = started();
        state = check(state, Verdict.pass("ok"), T0.plusSeconds(30)).state();
        state = check(state, Verdict.fail("bad"), T0.plusSeconds(60)).state();
        assertThat(state.step()).isEqualTo(1);

        RolloutSpec slower = new RolloutSpec("wine-a", "wine-b", List.of(10, 100), Duration.ofMinutes(1), SPEC.analysis(), false);
        Transition restarted = RolloutMachine.sync(state, route(slower), T0.plusSeconds(70));

        assertThat(restarted.event()).isEqualTo(RolloutEvent.RESTARTED);
        assertThat(restarted.state().step()).isZero();
        assertThat(restarted.state().failedChecks()).isZero();
        assertThat(restarted.state().startedAt()).isEqualTo(T0.plusSeconds(70));
        assertThat(restarted.state().candidateWeight(slower)).isEqualTo(10);
        assertThat(restarted.state().reason()).isEqualTo("the route changed in Git; started over: step 1 of 2 (wine-b at 10%), checked after 1m");
    }

    @Test
    void abortInGitStopsAtOnceWithEverythingToStable() {
        RolloutState state = started();
        state = check(state, Verdict.pass("ok"), T0.plusSeconds(30)).state();

        Transition aborted = RolloutMachine.sync(state, route(SPEC.withAbort(true)), T0.plusSeconds(31));

        assertThat(aborted.event()).isEqualTo(RolloutEvent.ABORTED);
        assertThat(aborted.state().phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(aborted.state().candidateWeight(SPEC)).isZero();
        assertThat(aborted.state().reason()).isEqualTo("aborted through Git (spec.rollout.abort) at step 2 of 4 (wine-b at 25%); all traffic to wine-a");
        assertThat(RolloutMachine.checkDue(aborted.state(), SPEC, T0.plusSeconds(3600))).isFalse();
        assertThat(RolloutMachine.sync(aborted.state(), route(SPEC.withAbort(true)), T0.plusSeconds(60)).changed()).isFalse();
        Transition again = RolloutMachine.sync(aborted.state(), ROUTE, T0.plusSeconds(90));
        assertThat(again.event()).as("removing abort starts over").isEqualTo(RolloutEvent.RESTARTED);
        assertThat(again.state().candidateWeight(SPEC)).isEqualTo(5);
    }

    @Test
    void aRouteThatStartsAbortedNeverSendsTheCandidateAnything() {
        Transition aborted = RolloutMachine.sync(null, route(SPEC.withAbort(true)), T0);
        assertThat(aborted.event()).isEqualTo(RolloutEvent.ABORTED);
        assertThat(aborted.state().reason()).isEqualTo("aborted through Git (spec.rollout.abort); all traffic to wine-a");
    }

    @Test
    void phasesReadBackFromTheirDisplayNames() {
        for (RolloutPhase phase : RolloutPhase.values()) {
            assertThat(RolloutPhase.fromDisplayName(phase.displayName())).isEqualTo(phase);
        }
        assertThat(RolloutPhase.ROLLED_BACK.displayName()).isEqualTo("RolledBack");
    }
}
