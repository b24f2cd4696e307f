package dev.modeldeploy.feedback.collect;

import java.time.Duration;

/**
 * @param maxBodyBytes      largest request body accepted; larger ones get 413
 * @param retryAfterSeconds what a 503 tells clients to wait when the spool is full or cannot be written
 * @param ackTimeout        longest a request waits for its record to reach the disk before it is answered 503
 */
public record CollectorSettings(long maxBodyBytes, int retryAfterSeconds, Duration ackTimeout) {
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public CollectorSettings {
        if (maxBodyBytes <= 0 || retryAfterSeconds <= 0) {
            throw new IllegalArgumentException("collector limits must be positive");
        }
    }

    public static CollectorSettings defaults() {
        return new CollectorSettings(DEFAULT_MAX_BODY_BYTES, 10, Duration.ofSeconds(30));
    }

    public CollectorSettings withMaxBodyBytes(long bytes) {
        return new CollectorSettings(bytes, retryAfterSeconds, ackTimeout);
    }
}
