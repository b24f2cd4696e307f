package dev.modeldeploy.feedback;

import com.fasterxml.jackson.databind.JsonNode;

/** Feedback posted to {@code /feedback/model/}; {@code body} is the JSON the client sent, unchanged. */
public record FeedbackEntry(String requestId, String modelName, String modelVersion, JsonNode body, long receivedAtMillis)
        implements SpoolEntry {
}
