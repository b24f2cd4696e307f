package dev.modeldeploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.manifest.RolloutAnalysis;
import dev.modeldeploy.manifest.RolloutSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status file's rollout section says what a person needs and reads back into the same state. */
class RolloutRecordTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final RolloutSpec SPEC = new RolloutSpec("wine-a", "wine-b", List.of(5, 25, 50, 100), Duration.ofSeconds(30),
            new RolloutAnalysis(99.0, null, 99, 300.0, null, 20, 2, Duration.ofSeconds(90)), false);

    @Test
    void aProgressingRolloutIsWrittenInOrderAndReadBack() {
        RolloutState state = new RolloutState("wine", "0123456789abcdef", RolloutPhase.PROGRESSING, 1, 1, T0,
                T0.plusSeconds(30), T0.plusSeconds(60), T0.plusSeconds(60), "check 1 of 2 allowed failed");

        Map<String, Object> fields = RolloutRecord.fields(state, SPEC);

        assertThat(fields.keySet()).containsExactly("phase", "step", "steps", "stable", "candidate", "candidateWeight",
                "stableWeight", "failedChecks", "failureLimit", "reason", "startedAt", "stepStartedAt", "lastCheckAt",
                "lastDataAt", "nextCheckAt", "routeFingerprint");
        assertThat(fields).containsEntry("phase", "Progressing").containsEntry("step", 2).containsEntry("steps", 4)
                .containsEntry("candidateWeight", 25).containsEntry("stableWeight", 75)
                .containsEntry("nextCheckAt", "2026-12-01T10:01:30Z");
        assertThat(RolloutRecord.read("wine", fields)).contains(state);
        assertThat(RolloutRecord.readJson("wine", RolloutRecord.json(state, SPEC))).contains(state);
    }

    @Test
    void aFinishedRolloutHasNoNextCheckAndAFreshOneNoLastCheck() {
        RolloutState promoted = new RolloutState("wine", "0123456789abcdef", RolloutPhase.PROMOTED, 3, 0, T0, T0, T0, T0, "done");
        RolloutState fresh = new RolloutState("wine", "0123456789abcdef", RolloutPhase.PROGRESSING, 0, 0, T0, T0, null, T0, "started");

        assertThat(RolloutRecord.fields(promoted, SPEC)).doesNotContainKey("nextCheckAt").containsEntry("candidateWeight", 100);
        assertThat(RolloutRecord.fields(fresh, SPEC)).doesNotContainKey("lastCheckAt");
        assertThat(RolloutRecord.read("wine", RolloutRecord.fields(fresh, SPEC))).contains(fresh);
    }

    @Test
    void anUnreadableRecordIsNoRecord() {
        RolloutState state = new RolloutState("wine", "0123456789abcdef", RolloutPhase.PAUSED, 2, 0, T0, T0, null, T0, "no data");
        Map<String, Object> edited = new HashMap<>(RolloutRecord.fields(state, SPEC));
        edited.put("phase", "Sleeping");

        assertThat(RolloutRecord.read("wine", edited)).isEmpty();
        assertThat(RolloutRecord.read("wine", Map.of("phase", "Paused"))).isEmpty();
        assertThat(RolloutRecord.read("wine", null)).isEmpty();
        assertThat(RolloutRecord.readJson("wine", "{not json")).isEmpty();
    }
}
