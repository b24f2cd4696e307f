package dev.modeldeploy.feedback;

import java.util.Map;

/**
 * One CloudEvent from an inference logger: the request or the response of one prediction, paired by
 * {@code requestId} at export time. {@code requestHeaders} are the request headers the logger forwarded, already
 * stripped of credentials.
 */
public record InferenceEvent(
        Phase phase,
        String requestId,
        String modelName,
        String modelVersion,
        long eventTimeMillis,
        long receivedAtMillis,
        String contentType,
        String content,
        Map<String, String> requestHeaders,
        String requestUri,
        String requestHost,
        String requestMethod) implements SpoolEntry {

    public enum Phase { REQUEST, RESPONSE }

    public InferenceEvent {
        requestHeaders = requestHeaders == null ? Map.of() : Map.copyOf(requestHeaders);
    }
}
