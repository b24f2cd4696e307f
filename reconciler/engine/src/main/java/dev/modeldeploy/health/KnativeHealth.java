package dev.modeldeploy.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;

/**
 * A deployment's state from its Knative Service, the way Knative's own conditions mean it:
 * <ul>
 *   <li>Processing: no Service yet, status.observedGeneration behind metadata.generation (Knative has not looked
 *       at the latest spec), or Ready Unknown/absent;</li>
 *   <li>Ready: Ready=True for the observed generation;</li>
 *   <li>Failed: Ready=False; the message comes from the failing ConfigurationsReady or RoutesReady condition
 *       when there is one, else from Ready.</li>
 * </ul>
 * Replicas: a Knative Service's status has none, so they are read from the latest ready Revision's
 * status.desiredReplicas (replicas) and status.actualReplicas (availableReplicas), as Knative's autoscaler
 * reports them; null when the Revision is not known.
 */
public final class KnativeHealth {
    public static final String KIND = "ModelDeployment";

    private KnativeHealth() {
    }

    public static ManifestStatus evaluate(String id, GenericKubernetesResource service, GenericKubernetesResource revision,
                                          String commitApplied, String commitSeen, Instant now) {
        if (service == null) {
            return new ManifestStatus(KIND, id, State.Processing, "Knative Service not created yet", null, null, null,
                    null, commitApplied, commitSeen, now);
        }
        JsonNode tree = Serialization.jsonMapper().valueToTree(service);
        JsonNode status = tree.path("status");
        String url = text(status.path("url"));
        String latestReady = text(status.path("latestReadyRevisionName"));
        Integer replicas = null;
        Integer available = null;
        if (revision != null) {
            JsonNode revisionStatus = Serialization.jsonMapper().<JsonNode>valueToTree(revision).path("status");
            replicas = integer(revisionStatus.path("desiredReplicas"));
            available = integer(revisionStatus.path("actualReplicas"));
        }
        long generation = tree.path("metadata").path("generation").asLong(0);
        JsonNode observed = status.path("observedGeneration");
        State state;
        String message;
        if (!observed.isNumber() || observed.asLong() < generation) {
            state = State.Processing;
            message = "waiting for Knative to observe generation " + generation;
        } else {
            JsonNode ready = condition(status, "Ready");
            String readyStatus = ready == null ? "Unknown" : ready.path("status").asText("Unknown");
            switch (readyStatus) {
                case "True" -> {
                    state = State.Ready;
                    message = null;
                }
                case "False" -> {
                    state = State.Failed;
                    JsonNode cause = firstFalse(status, "ConfigurationsReady", "RoutesReady");
                    message = describe(cause != null ? cause : ready);
                }
                default -> {
                    state = State.Processing;
                    message = ready == null ? "Knative has not reported readiness yet" : describe(ready);
                }
            }
        }
        return new ManifestStatus(KIND, id, state, message, url, replicas, available, latestReady, commitApplied,
                commitSeen, now);
    }

    static JsonNode condition(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition;
            }
        }
        return null;
    }

    private static JsonNode firstFalse(JsonNode status, String... types) {
        for (String type : types) {
            JsonNode condition = condition(status, type);
            if (condition != null && "False".equals(condition.path("status").asText())) {
                return condition;
            }
        }
        return null;
    }

    private static String describe(JsonNode condition) {
        String type = condition.path("type").asText();
        String reason = text(condition.path("reason"));
        String message = text(condition.path("message"));
        StringBuilder s = new StringBuilder(type);
        if (reason != null) {
            s.append(": ").append(reason);
        }
        if (message != null) {
            s.append(": ").append(message);
        }
        return s.toString();
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static Integer integer(JsonNode node) {
        return node.isNumber() ? node.asInt() : null;
    }
}
