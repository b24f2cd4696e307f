package dev.modeldeploy.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.manifest.RolloutSpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A rollout state as the route's status file on the status branch records it, and back. The file is for people
 * too, so it also says the weights and how many steps there are; the fields read back are the ones the state holds.
 */
public final class RolloutRecord {
    private static final ObjectMapper JSON = new ObjectMapper();
    private RolloutRecord() {
    }

    /** The rollout section of a route's status, in a fixed order. */
    public static Map<String, Object> fields(RolloutState state, RolloutSpec spec) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("phase", state.phase().displayName());
        fields.put("step", Math.min(state.step(), spec.lastStep()) + 1);
        fields.put("steps", spec.steps().size());
        fields.put("stable", spec.stable());
        fields.put("candidate", spec.candidate());
        fields.put("candidateWeight", state.candidateWeight(spec));
        fields.put("stableWeight", 100 - state.candidateWeight(spec));
        fields.put("failedChecks", state.failedChecks());
        fields.put("failureLimit", spec.analysis().failureLimit());
        fields.put("reason", state.reason());
        fields.put("startedAt", state.startedAt().toString());
        fields.put("stepStartedAt", state.stepStartedAt().toString());
        if (state.lastCheckAt() != null) {
            fields.put("lastCheckAt", state.lastCheckAt().toString());
        }
        fields.put("lastDataAt", state.lastDataAt().toString());
        if (!state.isFinal()) {
            fields.put("nextCheckAt", state.nextCheckAt(spec).toString());
        }
        fields.put("routeFingerprint", state.routeFingerprint());
        return fields;
    }

    /** The same fields as one line of JSON, for the annotation on the route's VirtualService. */
    public static String json(RolloutState state, RolloutSpec spec) {
        try {
            return JSON.writeValueAsString(fields(state, spec));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the rollout state of " + state.routeId(), e);
        }
    }

    /** The state in an annotation written by {@link #json}, or empty when it cannot be read. */
    public static Optional<RolloutState> readJson(String routeId, String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return read(routeId, JSON.readValue(json, Map.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * The state recorded in a status file's rollout section, or empty when there is none or it cannot be read (a
     * file from another version, edited by hand): the rollout then starts from its first step rather than guess.
     */
    public static Optional<RolloutState> read(String routeId, Map<?, ?> fields) {
        if (fields == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RolloutState(routeId,
                    text(fields, "routeFingerprint"),
                    RolloutPhase.fromDisplayName(text(fields, "phase")),
                    number(fields, "step") - 1,
                    number(fields, "failedChecks"),
                    instant(fields, "startedAt"),
                    instant(fields, "stepStartedAt"),
                    fields.get("lastCheckAt") == null ? null : instant(fields, "lastCheckAt"),
                    instant(fields, "lastDataAt"),
                    text(fields, "reason")));
        } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String text(Map<?, ?> fields, String name) {
        Object value = fields.get(name);
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(name + " is not text");
        }
        return text;
    }

    private static int number(Map<?, ?> fields, String name) {
        Object value = fields.get(name);
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException(name + " is not a number");
        }
        return number.intValue();
    }

    private static Instant instant(Map<?, ?> fields, String name) {
        return Instant.parse(text(fields, name));
    }
}
