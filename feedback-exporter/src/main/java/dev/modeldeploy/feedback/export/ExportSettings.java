package dev.modeldeploy.feedback.export;

import java.time.Duration;

/**
 * @param instance       names this collector in object names, so replicas writing to one bucket never collide
 * @param pairingWindow  how long a request or response event waits for its other half before it is written alone
 * @param maxBatchBytes  spool bytes one batch takes at most, bounding the memory an export needs
 * @param maxAttempts    upload attempts per object in one run before the run gives up (the next run resumes)
 * @param initialBackoff first pause between attempts, doubled up to {@code maxBackoff}
 */
public record ExportSettings(String instance, Duration pairingWindow, long maxBatchBytes, int maxAttempts,
                             Duration initialBackoff, Duration maxBackoff) {
    public ExportSettings {
        if (instance == null || instance.isBlank()) {
            throw new IllegalArgumentException("export instance name is empty");
        }
        if (maxAttempts < 1 || maxBatchBytes < 1) {
            throw new IllegalArgumentException("maxAttempts and maxBatchBytes must be positive");
        }
    }

    public static ExportSettings defaults(String instance) {
        return new ExportSettings(instance, Duration.ofMinutes(2), 64L * 1024 * 1024, 5, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    public ExportSettings withInstance(String name) {
        return new ExportSettings(name, pairingWindow, maxBatchBytes, maxAttempts, initialBackoff, maxBackoff);
    }

    public ExportSettings withPairingWindow(Duration window) {
        return new ExportSettings(instance, window, maxBatchBytes, maxAttempts, initialBackoff, maxBackoff);
    }

    public ExportSettings withRetries(int attempts, Duration initial, Duration max) {
        return new ExportSettings(instance, pairingWindow, maxBatchBytes, attempts, initial, max);
    }

    public ExportSettings withMaxBatchBytes(long bytes) {
        return new ExportSettings(instance, pairingWindow, bytes, maxAttempts, initialBackoff, maxBackoff);
    }
}
