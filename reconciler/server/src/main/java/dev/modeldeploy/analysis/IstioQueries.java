package dev.modeldeploy.analysis;

import dev.modeldeploy.render.Names;
import java.time.Duration;
import java.util.Locale;

/**
 * The PromQL a rollout's checks send, over Istio's standard metrics, for one deployment.
 *
 * <p>A deployment's requests are picked by {@code destination_workload}: the Deployment Knative creates for each
 * Revision of the deployment's Knative Service, named {@code <service>-NNNNN-deployment}. modeldeploy keeps Knative
 * Service names short enough ({@link Names#KNATIVE_SERVICE_MAX}) that Knative never hashes those names, so the
 * regular expression (anchored, as PromQL anchors every one) covers every Revision of this deployment and no other's.
 * The other labels do not fit: {@code destination_service_name} and {@code destination_canonical_service} (from the
 * pods' app label, which Knative sets to the Revision) change with every Revision, and {@code destination_app} is the
 * same Revision name. Only series reported by the serving pod's own sidecar ({@code reporter="destination"}) are
 * read, so a request is counted once even when the caller's sidecar or the ingress gateway reports it too.
 */
public final class IstioQueries {
    static final String REQUESTS = "istio_requests_total";
    static final String DURATION_BUCKETS = "istio_request_duration_milliseconds_bucket";

    private IstioQueries() {
    }

    /** The label matchers that select the requests served by one deployment's pods. */
    public static String selector(String namespace, String knativeService) {
        if (!Names.isDns1123Label(namespace) || !Names.isDns1035Label(knativeService)) {
            throw new IllegalArgumentException("not a namespace and Knative Service name: " + namespace + "/" + knativeService);
        }
        return "reporter=\"destination\",destination_workload_namespace=\"" + namespace
                + "\",destination_workload=~\"" + knativeService + "-[0-9]{5,}-deployment\"";
    }

    /** How many requests the deployment served in the window. */
    public static String requestCount(String selector, Duration window) {
        return "sum(increase(" + REQUESTS + "{" + selector + "}[" + range(window) + "]))";
    }

    /** The share of those requests answered without a 5xx status, from 0 to 1. */
    public static String successRatio(String selector, Duration window) {
        String range = range(window);
        return "sum(rate(" + REQUESTS + "{" + selector + ",response_code!~\"5..\"}[" + range + "]))"
                + " / sum(rate(" + REQUESTS + "{" + selector + "}[" + range + "]))";
    }

    /** The given percentile (e.g. 99) of their duration in milliseconds, interpolated within Istio's buckets. */
    public static String latencyPercentile(String selector, double percentile, Duration window) {
        return "histogram_quantile(" + quantile(percentile) + ", sum by (le) (rate(" + DURATION_BUCKETS + "{" + selector + "}["
                + range(window) + "])))";
    }

    /** Whole seconds, at least one: PromQL ranges take integers, and a shorter range holds no two scrapes. */
    static String range(Duration window) {
        long seconds = Math.max(1, (window.toMillis() + 999) / 1000);
        return seconds + "s";
    }

    private static String quantile(double percentile) {
        String text = String.format(Locale.ROOT, "%.6f", percentile / 100);
        return text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
