package dev.modeldeploy.analysis;

/** Prometheus could not answer a query: unreachable, too slow, or it refused it. Counts as "no data", never a pass. */
public final class PrometheusException extends Exception {
    public PrometheusException(String message) {
        super(message);
    }

    public PrometheusException(String message, Throwable cause) {
        super(message, cause);
    }
}
