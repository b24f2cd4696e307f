package dev.modeldeploy.health;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A route's state: Processing until its VirtualService exists; then Failed when a target deployment is missing
 * or Failed, Processing while a target is Processing, Ready when every target is Ready. A route has no URL or
 * replicas of its own (it is served through the gateway under its urlPrefix), so those stay null.
 */
public final class RouteHealth {
    public static final String KIND = "ModelRoute";

    private RouteHealth() {
    }

    /**
     * @param targets deployment id → its status, for every deployment the route sends traffic to (missing or
     *                null when there is no such deployment)
     */
    public static ManifestStatus evaluate(String id, GenericKubernetesResource virtualService, List<String> targetIds,
                                          Map<String, ManifestStatus> targets, String commitApplied, String commitSeen,
                                          Instant now) {
        if (virtualService == null) {
            return status(id, State.Processing, "VirtualService not created yet", commitApplied, commitSeen, now);
        }
        List<String> failed = new ArrayList<>();
        List<String> processing = new ArrayList<>();
        for (String target : targetIds) {
            ManifestStatus status = targets.get(target);
            if (status == null) {
                failed.add(target + " does not exist");
            } else if (status.state() == State.Failed) {
                failed.add(target + " failed" + (status.message() == null ? "" : " (" + status.message() + ")"));
            } else if (status.state() == State.Processing) {
                processing.add(target);
            }
        }
        if (!failed.isEmpty()) {
            return status(id, State.Failed, "target " + String.join("; target ", failed), commitApplied, commitSeen, now);
        }
        if (!processing.isEmpty()) {
            return status(id, State.Processing, "waiting for " + String.join(", ", processing), commitApplied,
                    commitSeen, now);
        }
        return status(id, State.Ready, null, commitApplied, commitSeen, now);
    }

    private static ManifestStatus status(String id, State state, String message, String commitApplied,
                                         String commitSeen, Instant now) {
        return new ManifestStatus(KIND, id, state, message, null, null, null, null, commitApplied, commitSeen, now);
    }
}
