package dev.modeldeploy.analysis;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the Istio sidecars of a cluster: serves istio_requests_total and istio_request_duration_milliseconds
 * in Prometheus' text format on loopback, as the serving pods' sidecars report them (reporter="destination"), for
 * workloads whose request rate, error share and latency the test sets. Traffic is simulated ten times a second.
 */
public final class IstioExporter implements AutoCloseable {
    /** Istio's default buckets for request duration, in milliseconds. */
    private static final double[] BUCKETS = {0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000,
            300000, 600000, 1800000, 3600000};
    private static final int TICKS_PER_SECOND = 10;

    private final HttpServer server;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "istio-exporter-traffic");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Workload> workloads = new LinkedHashMap<>();

    /** One Deployment's traffic, as the sidecar of its pods (or, with reporter "source", of its callers) counts it. */
    public static final class Workload {
        final String namespace;
        final String name;
        final String reporter;
        volatile double requestsPerSecond;
        volatile double errorShare;
        volatile double latencyMs;
        private double pending;
        private long ok;
        private long errors;
        private final long[] bucketCounts = new long[BUCKETS.length];
        private double durationSum;

        Workload(String namespace, String name, String reporter) {
            this.namespace = namespace;
            this.name = name;
            this.reporter = reporter;
        }

        /** Sets the traffic from now on: requests per second, the share answered 500 (0 to 1), and each one's duration. */
        public Workload serve(double perSecond, double share, double durationMs) {
            this.requestsPerSecond = perSecond;
            this.errorShare = share;
            this.latencyMs = durationMs;
            return this;
        }

        synchronized void tick() {
            pending += requestsPerSecond / TICKS_PER_SECOND;
            long requests = (long) pending;
            pending -= requests;
            for (long i = 0; i < requests; i++) {
                // spread errors evenly rather than randomly, so a check's figure is what the test set
                boolean error = Math.floor((ok + errors + 1) * errorShare) > Math.floor((ok + errors) * errorShare);
                if (error) {
                    errors++;
                } else {
                    ok++;
                }
                for (int b = 0; b < BUCKETS.length; b++) {
                    if (latencyMs <= BUCKETS[b]) {
                        bucketCounts[b]++;
                    }
                }
                durationSum += latencyMs;
            }
        }

        synchronized void write(StringBuilder requests, StringBuilder durations) {
            String labels = "reporter=\"" + reporter + "\",source_workload=\"istio-ingressgateway\",destination_workload=\""
                    + name + "\",destination_workload_namespace=\"" + namespace + "\",destination_service_name=\""
                    + name.replace("-deployment", "") + "\"";
            requests.append("istio_requests_total{").append(labels).append(",response_code=\"200\"} ").append(ok).append('\n');
            requests.append("istio_requests_total{").append(labels).append(",response_code=\"500\"} ").append(errors).append('\n');
            for (int b = 0; b < BUCKETS.length; b++) {
                durations.append("istio_request_duration_milliseconds_bucket{").append(labels).append(",le=\"")
                        .append(format(BUCKETS[b])).append("\"} ").append(bucketCounts[b]).append('\n');
            }
            long total = ok + errors;
            durations.append("istio_request_duration_milliseconds_bucket{").append(labels).append(",le=\"+Inf\"} ").append(total).append('\n');
            durations.append("istio_request_duration_milliseconds_sum{").append(labels).append("} ")
                    .append(String.format(Locale.ROOT, "%.1f", durationSum)).append('\n');
            durations.append("istio_request_duration_milliseconds_count{").append(labels).append("} ").append(total).append('\n');
        }
    }

    public IstioExporter() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = metrics().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        ticker.scheduleAtFixedRate(this::tick, 0, 1000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
    }

    /** The Deployment Knative makes for a deployment's first Revision, as the pods' own sidecars report it. */
    public synchronized Workload revision(String namespace, String knativeService) {
        return workload(namespace, knativeService + "-00001-deployment", "destination");
    }

    public synchronized Workload workload(String namespace, String deploymentName, String reporter) {
        return workloads.computeIfAbsent(reporter + "/" + namespace + "/" + deploymentName,
                k -> new Workload(namespace, deploymentName, reporter));
    }

    /** host:port for a scrape config. */
    public String target() {
        return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    private synchronized void tick() {
        workloads.values().forEach(Workload::tick);
    }

    private synchronized String metrics() {
        StringBuilder requests = new StringBuilder("# TYPE istio_requests_total counter\n");
        StringBuilder durations = new StringBuilder("# TYPE istio_request_duration_milliseconds histogram\n");
        workloads.values().forEach(w -> w.write(requests, durations));
        return requests.append(durations).toString();
    }

    private static String format(double bucket) {
        return bucket == Math.rint(bucket) ? String.valueOf((long) bucket) : String.valueOf(bucket);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.stop(0);
    }
}
