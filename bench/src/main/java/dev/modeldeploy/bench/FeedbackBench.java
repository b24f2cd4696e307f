package dev.modeldeploy.bench;

import dev.modeldeploy.feedback.FeedbackConfig;
import dev.modeldeploy.feedback.FeedbackService;
import dev.modeldeploy.feedback.bucket.LocalFolderBucket;
import dev.modeldeploy.feedback.collect.RequestCheck;
import dev.modeldeploy.feedback.export.ExportReport;
import dev.modeldeploy.feedback.spool.SealedSegment;
import dev.modeldeploy.feedback.spool.SegmentFrames;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code bin/bench feedback [REQUESTS] [CLIENTS] [ROUNDS]}: concurrent clients post ODAHU feedback on loopback to the
 * collector (each answer only after its record is fsynced) and, as the baseline, to a route on the same Javalin server
 * that reads the body and answers 200 without storing anything. The two alternate round by round so both see the
 * same machine state. Prints acknowledged records per second and p50/p99 latency for both, then checks every
 * acknowledged record is in the spool on disk and exports them. Goal: the collector at least half the baseline.
 */
public final class FeedbackBench {
    private static final String BODY = "{\"truthful\": 1, \"comment\": \"prediction matched the observed quality\"}";
    private static final String BASELINE_PATH = "/baseline";

    private record Result(String name, int requests, int acknowledged, double seconds, double cpuSeconds, long[] latenciesNanos) {
        double perSecond() {
            return acknowledged / seconds;
        }

        double percentileMillis(double p) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path work = Files.createTempDirectory("feedback-bench");
        try {
            run(work, requests, clients, rounds);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path work, int requests, int clients, int rounds) throws Exception {
        FeedbackConfig config = FeedbackConfig.defaults(work.resolve("state"), "unused");
        try (FeedbackService service = FeedbackService.open(config, new SimpleMeterRegistry(), new LocalFolderBucket(work.resolve("bucket")),
                Clock.systemUTC())) {
            Javalin app = Javalin.create(cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.startup.showOldJavalinVersionWarning = false;
                service.routes(RequestCheck.ALLOW_ALL).register(cfg.routes);
                cfg.routes.post(BASELINE_PATH, ctx -> {
                    ctx.bodyAsBytes();
                    ctx.contentType("application/json").result("{\"error\": false, \"registered\": true}");
                });
            }).start("127.0.0.1", 0);
            try {
                String base = "http://127.0.0.1:" + app.port();
                ExecutorService clientThreads = Executors.newFixedThreadPool(4, daemonThreads());
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
                int warmup = Math.max(1000, requests / 10);
                drive(http, base + BASELINE_PATH, "warmup-baseline", warmup, clients);
                drive(http, base + "/feedback/model/", "warmup-", warmup, clients);

                long forcesBefore = service.spool().forces();
                Result baseline = null;
                Result collector = null;
                for (int round = 0; round < rounds; round++) {
                    baseline = combine(baseline, drive(http, base + BASELINE_PATH, "baseline-" + round + "-", requests / rounds, clients));
                    collector = combine(collector, drive(http, base + "/feedback/model/", "measured-" + round + "-", requests / rounds, clients));
                }

                System.out.printf("feedback collector: %d requests each in %d alternating rounds, %d concurrent clients, loopback, JDK HttpClient (HTTP/1.1)%n",
                        baseline.requests(), rounds, clients);
                System.out.printf("%-34s %10s %12s %9s %9s %14s%n", "", "acked", "records/s", "p50 ms", "p99 ms", "CPU us/request");
                for (Result r : List.of(baseline, collector)) {
                    System.out.printf("%-34s %10d %12.0f %9.2f %9.2f %14.0f%n", r.name(), r.acknowledged(), r.perSecond(),
                            r.percentileMillis(0.50), r.percentileMillis(0.99), r.cpuSeconds() * 1e6 / r.requests());
                }
                System.out.printf("group commit: %.1f records per fsync on average%n",
                        (double) collector.acknowledged() / Math.max(1, service.spool().forces() - forcesBefore));
                System.out.printf("collector / baseline throughput: %.2f (goal >= 0.50)%n", collector.perSecond() / baseline.perSecond());

                long onDisk = countSpooled(service);
                int expected = warmup + collector.acknowledged();
                System.out.printf("durability: %d records fsynced in the spool for %d acknowledged (%s)%n", onDisk, expected,
                        onDisk == expected ? "all present" : "MISMATCH");
                long start = System.nanoTime();
                ExportReport report = service.exporter().runOnce();
                System.out.printf("export: %d records in %d objects to a local folder in %.2f s%n", report.totalRecords(), report.objects(),
                        (System.nanoTime() - start) / 1e9);
                if (onDisk != expected || report.totalRecords() != expected) {
                    System.exit(1);
                }
            } finally {
                app.stop();
            }
        }
    }

    /** CPU time of this whole process (clients and server alike), to tell CPU cost from waiting. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Result combine(Result sum, Result next) {
        if (sum == null) {
            return next;
        }
        long[] latencies = Arrays.copyOf(sum.latenciesNanos(), sum.latenciesNanos().length + next.latenciesNanos().length);
        System.arraycopy(next.latenciesNanos(), 0, latencies, sum.latenciesNanos().length, next.latenciesNanos().length);
        return new Result(sum.name(), sum.requests() + next.requests(), sum.acknowledged() + next.acknowledged(),
                sum.seconds() + next.seconds(), sum.cpuSeconds() + next.cpuSeconds(), latencies);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        return runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static long countSpooled(FeedbackService service) throws Exception {
        long count = 0;
        for (SealedSegment segment : service.spool().seal()) {
            count += SegmentFrames.read(segment.path()).records().size();
        }
        return count;
    }

    private static Result drive(HttpClient http, String url, String idPrefix, int requests, int clients) throws Exception {
        URI uri = URI.create(url);
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicLong acknowledged = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients, daemonThreads());
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        Future<?>[] workers = new Future<?>[clients];
        for (int c = 0; c < clients; c++) {
            workers[c] = pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    HttpRequest request = HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/json").header("x-model-name", "income").header("x-model-version", "1.1")
                            .header("Request-ID", idPrefix + i)
                            .POST(HttpRequest.BodyPublishers.ofString(BODY, StandardCharsets.UTF_8)).build();
                    long sent = System.nanoTime();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    latencies[i] = System.nanoTime() - sent;
                    if (response.statusCode() == 200) {
                        acknowledged.incrementAndGet();
                    }
                }
                return null;
            });
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        pool.shutdown();
        String name = idPrefix.startsWith("baseline") ? "baseline (200, nothing stored)" : "collector (fsynced before 200)";
        return new Result(name, requests, (int) acknowledged.get(), seconds, cpuSeconds, latencies);
    }
}
