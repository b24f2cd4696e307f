package dev.modeldeploy.health;

import java.time.Instant;

/**
 * What users read about one deployment or route: in the API, on the status page, and committed back to Git as
 * status/&lt;id&gt;.yaml. kind is ModelDeployment or ModelRoute; fields that are unknown yet are null.
 */
public record ManifestStatus(
        String kind,
        String id,
        State state,
        String message,
        String url,
        Integer replicas,
        Integer availableReplicas,
        String latestReadyRevision,
        String commitApplied,
        String commitSeen,
        Instant lastUpdated) {
}
