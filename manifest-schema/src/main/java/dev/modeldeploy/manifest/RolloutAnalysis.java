package dev.modeldeploy.manifest;

import java.time.Duration;

/**
 * The checks run at the end of each rollout step. A null threshold is not checked; at least one is set.
 *
 * @param minSuccessRatePercent           lowest share of non-5xx answers that passes
 * @param maxSuccessRateDropFromStable    percentage points the candidate may be below the stable deployment
 * @param latencyPercentile               which percentile of the request duration the latency checks read
 * @param maxLatencyMs                    highest percentile latency that passes
 * @param maxLatencyRatioToStable         how many times the stable deployment's percentile latency is allowed
 * @param minRequests                     fewer requests in a window means "no data"
 * @param failureLimit                    failed checks over the whole rollout that roll it back
 * @param noDataTimeout                   how long checks may go without data before the rollout pauses
 */
public record RolloutAnalysis(Double minSuccessRatePercent, Double maxSuccessRateDropFromStable, double latencyPercentile,
        Double maxLatencyMs, Double maxLatencyRatioToStable, int minRequests, int failureLimit, Duration noDataTimeout) {
    public static final double DEFAULT_PERCENTILE = 99;
    public static final int DEFAULT_MIN_REQUESTS = 20;
    public static final int DEFAULT_FAILURE_LIMIT = 2;
    /** The no-data timeout, in intervals, when the manifest gives none. */
    public static final int DEFAULT_NO_DATA_INTERVALS = 3;

    /** True when a check compares the candidate with the stable deployment, so the stable's figures are needed. */
    public boolean comparesWithStable() {
        return maxSuccessRateDropFromStable != null || maxLatencyRatioToStable != null;
    }

    public boolean checksSuccessRate() {
        return minSuccessRatePercent != null || maxSuccessRateDropFromStable != null;
    }

    public boolean checksLatency() {
        return maxLatencyMs != null || maxLatencyRatioToStable != null;
    }
}
