package dev.modeldeploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.manifest.RolloutAnalysis;
import dev.modeldeploy.manifest.RolloutSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutPlanTest {
    private static final RolloutSpec SPEC = new RolloutSpec("wine", "wine-v2", List.of(10, 25, 50, 100), Duration.ofMinutes(1),
            new RolloutAnalysis(99.0, 1.5, 99.9, 500.0, 1.5, 20, 2, Duration.ofMinutes(3)), false);

    @Test
    void listsEveryStepAndWhatDecidesIt() {
        assertThat(RolloutPlan.describe(SPEC)).containsExactly(
                "rollout wine → wine-v2 in 4 steps of 1m, starting over from step 1: 1. wine 90, wine-v2 10; "
                        + "2. wine 75, wine-v2 25; 3. wine 50, wine-v2 50; 4. wine 0, wine-v2 100",
                "rollout checks after each step: success rate ≥ 99%, success rate at most 1.5 points below stable, "
                        + "p99.9 latency ≤ 500ms, p99.9 latency ≤ 1.5× stable's; promoted after step 4 passes, rolled back "
                        + "to wine after 2 failed checks, paused after 3m without data (fewer than 20 requests)");
    }

    @Test
    void anAbortedRolloutSaysSo() {
        assertThat(RolloutPlan.describe(SPEC.withAbort(true)))
                .containsExactly("rollout aborted in Git: all traffic to wine, wine-v2 gets none");
    }
}
