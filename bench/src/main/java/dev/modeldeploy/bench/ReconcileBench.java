package dev.modeldeploy.bench;

import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.embedded.EmbeddedCluster;
import dev.modeldeploy.embedded.KnativeSimulator;
import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.metrics.ReconcileMetrics;
import dev.modeldeploy.pipeline.DesiredStateBuilder;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.RenderedManifest;
import dev.modeldeploy.render.settings.ClusterSettings;
import dev.modeldeploy.sync.ReconcileEngine;
import dev.modeldeploy.sync.ReconcileOptions;
import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSet;
import dev.modeldeploy.sync.common.DesiredState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * {@code bin/bench reconcile [DEPLOYMENTS]} (default 1000): renders DEPLOYMENTS model deployments with the real
 * loader and renderers, then against fabric8's mock API server in this process (a fresh one per run):
 * <ol>
 *   <li>baseline: creating the same objects with a bare fabric8 loop, one create per object;</li>
 *   <li>the engine from empty (informers started, diff, last-applied annotation, creates), writing one object at
 *       a time and then with its default of 4 writers per apply tier;</li>
 *   <li>a no-op cycle right after, with its count of write requests (must be 0);</li>
 *   <li>the embedded default as the daemon runs it: the engine from empty with the Knative simulator making each
 *       revision ready 2 s after it is created, timed until every deployment's Knative Service is Ready.</li>
 * </ol>
 * A smaller warm-up round of both runs first so the JIT favours neither. Goals: from empty within 1.5× of the
 * bare loop; no-op under 1 s with zero writes; every deployment Ready within 10 s of being applied.
 */
public final class ReconcileBench {
    private static final String NAMESPACE = "modeldeploy";
    /** The delay the daemon gives the simulator on the embedded default (Daemon#start). */
    private static final Duration SIMULATED_READY_DELAY = Duration.ofSeconds(2);

    /** Counts the non-GET requests the server receives. */
    private static final class WriteCounter implements UnaryOperator<Dispatcher> {
        final AtomicLong writes = new AtomicLong();

        @Override
        public Dispatcher apply(Dispatcher store) {
            return new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    if (!"GET".equals(request.getMethod())) {
                        writes.incrementAndGet();
                    }
                    return store.dispatch(request);
                }

                @Override
                public void shutdown() {
                    store.shutdown();
                }
            };
        }
    }

    private record Run(double bareSeconds, double engineSeconds, double sequentialSeconds, double noopSeconds,
                       long noopWrites, long objects, long created, ReadyRun ready) {
    }

    /**
     * Seconds from the start of the cycle until the engine returned (all applied) and until the last Knative
     * Service turned Ready (seen by a watch), and the longest any one took from its first write to Ready.
     */
    private record ReadyRun(double allAppliedSeconds, double allReadySeconds, double longestAppliedToReadySeconds,
                            String breakdown) {
    }

    public static void main(String[] args) throws Exception {
        int deployments = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path work = Files.createTempDirectory("reconcile-bench");
        try {
            ClusterSettings settings = ClusterSettings.defaults().withNamespace(NAMESPACE);
            DesiredState warmup = desired(work.resolve("warmup"), Math.max(20, deployments / 10), settings);
            DesiredState desired = desired(work.resolve("manifests"), deployments, settings);
            run(warmup);
            Run run = run(desired);
            print(deployments, run);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static DesiredState desired(Path folder, int deployments, ClusterSettings settings) throws Exception {
        Files.createDirectories(folder);
        for (int i = 0; i < deployments; i++) {
            Files.writeString(folder.resolve("model-" + i + ".yaml"), """
                    kind: ModelDeployment
                    id: model-%d
                    spec:
                      predictor: odahu-ml-server
                      image: registry.example.com/models/model-%d:1.0
                      resources:
                        requests: {cpu: 100m, memory: 256Mi}
                        limits: {cpu: "1", memory: 1Gi}
                      minReplicas: 1
                      maxReplicas: 3
                    """.formatted(i, i));
        }
        DesiredStateBuilder.Result result = new DesiredStateBuilder(new ManifestLoader(), settings)
                .build(folder, "bench", Map.of());
        if (!result.findings().isEmpty()) {
            throw new IllegalStateException("generated manifests are invalid: " + result.findings().get(0).toText());
        }
        return result.desired();
    }

    private static Run run(DesiredState desired) {
        long objects = desired.rendered().stream().mapToLong(m -> m.objects().size()).sum();

        double bare;
        try (EmbeddedCluster cluster = EmbeddedCluster.start(0, NAMESPACE)) {
            KubernetesClient client = cluster.client();
            long start = System.nanoTime();
            for (RenderedManifest manifest : desired.rendered()) {
                for (GenericKubernetesResource object : manifest.objects()) {
                    ManagedKind kind = ManagedKind.of(object.getApiVersion(), object.getKind());
                    client.genericKubernetesResources(LiveObjectCache.context(kind)).inNamespace(NAMESPACE)
                            .resource(object).create();
                }
            }
            bare = seconds(start);
        }

        double sequential = engineFromEmpty(desired, ReconcileOptions.DEFAULT.withParallelism(1));

        WriteCounter counter = new WriteCounter();
        try (EmbeddedCluster cluster = EmbeddedCluster.start(0, NAMESPACE, counter)) {
            KubernetesClient client = cluster.client();
            long start = System.nanoTime();
            try (LiveObjectCache cache = new LiveObjectCache(client, NAMESPACE).start(Duration.ofSeconds(60));
                 ReconcileEngine engine = new ReconcileEngine(client, cache, ReconcileOptions.DEFAULT,
                         ReconcileMetrics.inMemory())) {
                ChangeSet first = engine.reconcile(desired);
                double fromEmpty = seconds(start);
                if (first.failed()) {
                    throw new IllegalStateException("engine failed objects: " + first.entries().stream()
                            .filter(e -> e.action() == Action.FAILED).findFirst().orElseThrow());
                }
                long writesBefore = counter.writes.get();
                long noopStart = System.nanoTime();
                ChangeSet second = engine.reconcile(desired);
                double noop = seconds(noopStart);
                long noopWrites = counter.writes.get() - writesBefore;
                if (second.count(Action.UNCHANGED) != objects) {
                    throw new IllegalStateException("no-op cycle changed objects: " + second.entries().stream()
                            .filter(e -> e.action() != Action.UNCHANGED).findFirst().orElseThrow());
                }
                return new Run(bare, fromEmpty, sequential, noop, noopWrites, objects, first.count(Action.CREATED),
                        untilReady(desired));
            }
        }
    }

    private static ReadyRun untilReady(DesiredState desired) {
        int services = (int) desired.rendered().stream().flatMap(m -> m.objects().stream())
                .filter(o -> o.getApiVersion().equals(ManagedKind.KNATIVE_SERVICE.apiVersion())
                        && o.getKind().equals(ManagedKind.KNATIVE_SERVICE.kind())).count();
        AppliedTimes appliedTimes = new AppliedTimes();
        try (EmbeddedCluster cluster = EmbeddedCluster.start(0, NAMESPACE, appliedTimes);
             KnativeSimulator simulator = new KnativeSimulator(cluster.client(), cluster, NAMESPACE,
                     SIMULATED_READY_DELAY).start();
             ReadyWatch watch = new ReadyWatch(cluster.client(), NAMESPACE)) {
            KubernetesClient client = cluster.client();
            long start = System.nanoTime();
            double applied;
            try (LiveObjectCache cache = new LiveObjectCache(client, NAMESPACE).start(Duration.ofSeconds(60));
                 ReconcileEngine engine = new ReconcileEngine(client, cache, ReconcileOptions.DEFAULT,
                         ReconcileMetrics.inMemory())) {
                if (engine.reconcile(desired).failed()) {
                    throw new IllegalStateException("engine failed objects");
                }
                applied = seconds(start);
                if (!watch.awaitReady(services, Duration.ofMinutes(5))) {
                    throw new IllegalStateException("only " + watch.readyCount() + " of " + services
                            + " Knative Services turned Ready within 5 minutes");
                }
            }
            return new ReadyRun(applied, (watch.lastReadyNanos() - start) / 1e9,
                    watch.longestAppliedToReadyNanos(appliedTimes) / 1e9, appliedTimes.breakdown());
        }
    }

    private static double engineFromEmpty(DesiredState desired, ReconcileOptions options) {
        try (EmbeddedCluster cluster = EmbeddedCluster.start(0, NAMESPACE)) {
            KubernetesClient client = cluster.client();
            long start = System.nanoTime();
            try (LiveObjectCache cache = new LiveObjectCache(client, NAMESPACE).start(Duration.ofSeconds(60));
                 ReconcileEngine engine = new ReconcileEngine(client, cache, options, ReconcileMetrics.inMemory())) {
                if (engine.reconcile(desired).failed()) {
                    throw new IllegalStateException("engine failed objects");
                }
                return seconds(start);
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void print(int deployments, Run run) {
        System.out.printf("reconcile: %d deployments, %d objects (rendered by the real renderers), fabric8 mock API "
                + "server in process, %d cores%n%n", deployments, run.objects(), Runtime.getRuntime().availableProcessors());
        System.out.printf("%-48s %10s %12s %8s%n", "run", "seconds", "objects/s", "writes");
        System.out.printf("%-48s %10.3f %12.0f %8d%n", "baseline: bare fabric8 create loop", run.bareSeconds(),
                run.objects() / run.bareSeconds(), run.objects());
        System.out.printf("%-48s %10.3f %12.0f %8d%n", "engine from empty, 1 write at a time",
                run.sequentialSeconds(), run.objects() / run.sequentialSeconds(), run.objects());
        System.out.printf("%-48s %10.3f %12.0f %8d%n", "engine from empty, 4 writes at a time (default)",
                run.engineSeconds(), run.objects() / run.engineSeconds(), run.created());
        System.out.printf("%-48s %10.3f %12.0f %8d%n", "engine no-op cycle", run.noopSeconds(),
                run.objects() / run.noopSeconds(), run.noopWrites());
        double ratio = run.engineSeconds() / run.bareSeconds();
        double sequentialRatio = run.sequentialSeconds() / run.bareSeconds();
        System.out.printf("%nfrom empty / bare loop = %.2fx with the default 4 writers, %.2fx writing one at a time "
                        + "(goal <= 1.5x: %s)%nno-op cycle %.3f s with %d writes (goal < 1 s and 0 writes: %s)%n",
                ratio, sequentialRatio, ratio <= 1.5 ? "met" : "NOT met", run.noopSeconds(), run.noopWrites(),
                run.noopSeconds() < 1 && run.noopWrites() == 0 ? "met" : "NOT met");
        System.out.println("(the engine's times include starting its informers; its requests also carry the "
                + "last-applied annotation; expect +-20% between runs on shared cores)");
        ReadyRun ready = run.ready();
        System.out.printf("%nembedded default (Knative simulator, revisions ready %d s after creation):%n"
                        + "all applied %.1f s after start, all Ready %.1f s after start; longest from applied to Ready "
                        + "%.1f s (goal <= 10 s: %s)%n", SIMULATED_READY_DELAY.toSeconds(), ready.allAppliedSeconds(),
                ready.allReadySeconds(), ready.longestAppliedToReadySeconds(),
                ready.longestAppliedToReadySeconds() <= 10 ? "met" : "NOT met");
        System.out.printf("(seen by a watch; on the server: %s)%n", ready.breakdown());
    }
}
