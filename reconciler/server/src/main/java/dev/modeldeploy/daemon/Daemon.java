package dev.modeldeploy.daemon;

import dev.modeldeploy.api.ApiRoutes;
import dev.modeldeploy.api.ApiState;
import dev.modeldeploy.analysis.CanaryAnalysis;
import dev.modeldeploy.analysis.PrometheusClient;
import dev.modeldeploy.api.SourceInfo;
import dev.modeldeploy.auth.AuthDecision;
import dev.modeldeploy.auth.AuthSettings;
import dev.modeldeploy.auth.JwtAuthenticator;
import dev.modeldeploy.auth.OpenAccess;
import dev.modeldeploy.auth.RequestAuthenticator;
import dev.modeldeploy.auth.Role;
import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.cluster.ClusterConnection;
import dev.modeldeploy.delivery.LiveRouteRollouts;
import dev.modeldeploy.delivery.RolloutDriver;
import dev.modeldeploy.delivery.StatusBranchRollouts;
import dev.modeldeploy.delivery.WakeUps;
import dev.modeldeploy.embedded.ClusterSnapshot;
import dev.modeldeploy.embedded.EmbeddedCluster;
import dev.modeldeploy.embedded.KnativeSimulator;
import dev.modeldeploy.feedback.FeedbackConfig;
import dev.modeldeploy.feedback.FeedbackService;
import dev.modeldeploy.feedback.collect.AccessDecision;
import dev.modeldeploy.feedback.collect.RequestCheck;
import dev.modeldeploy.feedback.export.ExportSettings;
import dev.modeldeploy.git.GitSource;
import dev.modeldeploy.git.auth.GitCredentials;
import dev.modeldeploy.git.mirror.LocalMirror;
import dev.modeldeploy.git.poll.RepositoryWatcher;
import dev.modeldeploy.git.status.StatusOptions;
import dev.modeldeploy.git.status.StatusPublisher;
import dev.modeldeploy.git.webhook.ReconcileTrigger;
import dev.modeldeploy.health.HealthReader;
import dev.modeldeploy.health.RevisionLookup;
import dev.modeldeploy.leader.LeaderElection;
import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.metrics.ReconcileMetrics;
import dev.modeldeploy.pipeline.DesiredStateBuilder;
import dev.modeldeploy.render.settings.ClusterSettings;
import dev.modeldeploy.sync.ReconcileEngine;
import dev.modeldeploy.sync.ReconcileOptions;
import dev.modeldeploy.sync.WriteFence;
import dev.modeldeploy.web.WebPages;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: Git in, cluster out, status back to Git, one HTTP port for people and machines. Built from
 * {@link RunOptions}; {@link #close()} stops everything in reverse order of start.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final RunOptions options;
    /** This replica's name in the Lease and in the API server's audit log (its requests' User-Agent). */
    private final String replica = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("modeldeploy")
            + "-" + UUID.randomUUID().toString().substring(0, 8);
    private LeaderElection election;
    private DaemonHttpServer http;
    private EmbeddedCluster embedded;
    private Path kubeconfig;
    private ReconcileTrigger trigger;
    private ReconcileCycle cycle;
    private AtomicReference<ApiState> state;

    private Daemon(RunOptions options) {
        this.options = options;
    }

    public static Daemon start(RunOptions options) {
        Daemon daemon = new Daemon(options);
        try {
            daemon.startAll();
            return daemon;
        } catch (RuntimeException | IOException e) {
            daemon.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
    }

    private void startAll() throws IOException {
        Files.createDirectories(options.stateDir());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ClusterSettings settings = clusterSettings();
        String namespace = settings.namespace();

        KubernetesClient client = connect(namespace);
        GitSource source = gitSource();
        // One local copy of the remote: the watcher fetches the watched branch into it, status commits go out from it.
        LocalMirror mirror = remember(LocalMirror.open(source, System::getenv));
        RepositoryWatcher watcher = remember(new RepositoryWatcher(mirror, Clock.systemUTC()));
        Optional<StatusPublisher> publisher = options.statusCommits()
                ? Optional.of(remember(new StatusPublisher(mirror,
                        StatusOptions.defaults().withStatusBranch(options.statusBranch()))))
                : Optional.empty();

        LiveObjectCache cache = remember(new LiveObjectCache(client, namespace).start(Duration.ofSeconds(30)));
        if (options.leaderElection()) {
            String leaseNamespace = options.leaseNamespace() == null ? namespace : options.leaseNamespace();
            election = new LeaderElection(client, leaseNamespace, options.leaseName(), replica,
                    options.leaderTiming(), this::startLeading, this::stopLeading);
        }
        WriteFence fence = election == null ? WriteFence.OPEN : election::isLeader;
        ReconcileEngine engine = remember(new ReconcileEngine(client, cache, ReconcileOptions.DEFAULT
                .withMaxDeleteShare(options.maxDeleteShare()).withAllowEmpty(options.allowEmpty())
                .withServerSideApply(options.serverSideApply()).withInstance(options.instance()),
                new ReconcileMetrics(registry), fence));
        state = new AtomicReference<>(ApiState.empty(
                new SourceInfo(watcher.displayUrl(), source.branch(), source.path(), null, null)));
        cycle = new ReconcileCycle(watcher, new DesiredStateBuilder(new ManifestLoader(), settings), engine,
                new HealthReader(cache, remember(RevisionLookup.watching(client, namespace, Duration.ofSeconds(30)))),
                publisher, state, registry, Clock.systemUTC(), fence::permitsWrites,
                rolloutDriver(settings, publisher, cache, registry));

        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(named("reconcile"));
        remember(loop::shutdownNow);
        trigger = new ReconcileTrigger(this::runCycle, loop);
        engine.onDrift(owner -> {
            log.atInfo().addKeyValue("owner", owner.toString()).log("drift on {}, reconciling now", owner);
            trigger.request();
        });
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("poll-timer"));
        remember(timer::shutdownNow);
        timer.scheduleWithFixedDelay(trigger::request, options.interval().toMillis(), options.interval().toMillis(),
                TimeUnit.MILLISECONDS);

        RequestAuthenticator auth = authenticator();
        log.info(auth.startupMessage());
        List<Consumer<RoutesConfig>> mounts = new ArrayList<>();
        mounts.add(routes -> ApiRoutes.register(routes, state::get, trigger::request, auth));
        mounts.add(routes -> WebPages.register(routes, state::get, auth));
        mounts.add(new WebhookRoutes(webhookSecret(), source.branch(), trigger::request)::register);
        if (options.feedbackEnabled()) {
            FeedbackService feedback = remember(FeedbackService.open(feedbackConfig(), registry,
                    FeedbackBucket.open(options.feedbackBucket(), options.s3(), options.gcs(), System::getenv),
                    Clock.systemUTC()));
            // The models' request loggers post to /log from inside the cluster and carry no token; users' feedback
            // at /feedback/model/ is checked like the API.
            RequestCheck check = ctx -> ctx.path().equals("/log") ? AccessDecision.ALLOW
                    : feedbackAccess(auth.check(ctx.header("Authorization"), Role.VIEWER));
            mounts.add(routes -> feedback.routes(check).register(routes));
            try {
                feedback.startSchedule();
            } catch (org.quartz.SchedulerException e) {
                throw new IllegalStateException("cannot start the feedback export schedule: " + e.getMessage(), e);
            }
            log.info("feedback collector on /feedback/model/ and /log, exporting to {}", options.feedbackBucket());
        }
        http = remember(new DaemonHttpServer(registry, this::ready, mounts).start("0.0.0.0", options.port()));

        if (election != null) {
            remember(election).start();
        } else {
            startLeading();
        }
        trigger.request();
        log.atInfo().addKeyValue("port", http.port()).addKeyValue("repo", watcher.displayUrl())
                .log("modeldeploy is serving on http://localhost:{} (status page /, API /api/v1, metrics /metrics)",
                        http.port());
    }

    /**
     * Rollouts read their checks from the Prometheus the cluster settings name (none: every check has no data, and
     * rollouts pause saying so), resume from the status branch and the live routes, and wake the loop for each check.
     */
    private RolloutDriver rolloutDriver(ClusterSettings settings, Optional<StatusPublisher> publisher, LiveObjectCache cache,
            PrometheusMeterRegistry registry) {
        ClusterSettings.Prometheus prometheus = settings.prometheus();
        CanaryAnalysis analysis = new CanaryAnalysis(prometheus.configured()
                ? new PrometheusClient(prometheus.url(), prometheus.queryTimeout()) : null, settings.namespace());
        if (prometheus.configured()) {
            log.atInfo().addKeyValue("prometheus", analysis.prometheusUrl()).log("rollouts check their candidates in Prometheus at {}",
                    analysis.prometheusUrl());
        }
        LiveRouteRollouts live = new LiveRouteRollouts(cache, options.instance());
        List<RolloutDriver.RecordSource> sources = new ArrayList<>();
        publisher.ifPresent(p -> sources.add(new StatusBranchRollouts(p)));
        sources.add(live);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("rollout-timer"));
        remember(timer::shutdownNow);
        WakeUps wakeUps = new WakeUps(timer, () -> trigger.request(), Clock.systemUTC());
        return new RolloutDriver(analysis::run, sources, live, registry, Clock.systemUTC(), wakeUps::at);
    }

    private void startLeading() {
        log.atInfo().addKeyValue("replica", replica).addKeyValue("instance", options.instance().value())
                .log("leading: this replica writes to the cluster and the status branch");
        trigger.request();
    }

    private void stopLeading() {
        log.atWarn().addKeyValue("replica", replica)
                .log("no longer leading: this replica only reads, and competes for the lease again");
    }

    /** Every replica runs the cycle; it writes only while leading. An error never stops the loop for good. */
    private void runCycle() {
        try {
            cycle.run();
        } catch (RuntimeException | Error e) {
            log.error("reconcile cycle failed; the next trigger runs it again", e);
        }
    }

    /**
     * Ready once this replica has read Git and the cluster and serves current data: the leader after its first
     * cycle, a standby after its first preview. Every ready replica answers the API and the pages alike.
     */
    boolean ready() {
        return cycle != null && cycle.completedOnce();
    }

    public int port() {
        return http.port();
    }

    /** The embedded API server's kubeconfig, or empty against a real cluster. */
    public Optional<Path> kubeconfig() {
        return Optional.ofNullable(kubeconfig);
    }

    public Optional<String> embeddedClusterUrl() {
        return Optional.ofNullable(embedded).map(EmbeddedCluster::url);
    }

    public ApiState state() {
        return state.get();
    }

    /** Asks for a reconcile now, as a webhook would. */
    public void requestReconcile() {
        trigger.request();
    }

    private KubernetesClient connect(String namespace) {
        return switch (options.clusterMode()) {
            case EMBEDDED -> {
                embedded = remember(EmbeddedCluster.start(0, namespace));
                kubeconfig = embedded.writeKubeconfig(options.stateDir().resolve("kubeconfig"));
                remember(ClusterSnapshot.restore(embedded, options.stateDir().resolve("embedded-cluster.json")));
                KubernetesClient client = embedded.client();
                remember(new KnativeSimulator(client, embedded, namespace, Duration.ofSeconds(2)).start());
                log.atInfo().addKeyValue("url", embedded.url()).addKeyValue("kubeconfig", kubeconfig.toString())
                        .log("embedded Kubernetes API at {} (try: kubectl --kubeconfig {} get ksvc -n {}); its "
                                + "Knative controller is a simulator", embedded.url(), kubeconfig, namespace);
                yield client;
            }
            case KUBECONFIG -> remember(options.kubeconfig() == null
                    ? ClusterConnection.fromDefaultKubeconfig(namespace, userAgent())
                    : ClusterConnection.fromKubeconfig(options.kubeconfig(), namespace, userAgent()));
            case IN_CLUSTER -> remember(ClusterConnection.inCluster(namespace, userAgent()));
        };
    }

    /** Shown in the API server's audit log, so that every write can be traced to the replica that sent it. */
    private String userAgent() {
        return "modeldeploy/" + Optional.ofNullable(Daemon.class.getPackage().getImplementationVersion()).orElse("dev")
                + " (" + options.instance().value() + "; " + replica + ")";
    }

    private ClusterSettings clusterSettings() {
        if (options.clusterSettingsFile() != null) {
            return ClusterSettings.load(options.clusterSettingsFile());
        }
        if (options.embeddedRepo()) {
            Path shipped = ExampleRepository.locateExamples().resolve("cluster-settings.yaml");
            if (Files.isRegularFile(shipped)) {
                return ClusterSettings.load(shipped);
            }
        }
        return ClusterSettings.defaults();
    }

    private GitSource gitSource() {
        String url = options.embeddedRepo()
                ? ExampleRepository.ensure(ExampleRepository.locateExamples(), Path.of(options.repo())).toString()
                : options.repo();
        var a = options.gitAuth();
        GitCredentials credentials = new GitCredentials(a.username(), path(a.tokenFile()), a.tokenEnv(),
                path(a.passwordFile()), a.passwordEnv(), path(a.sshKeyFile()), path(a.knownHostsFile()));
        return new GitSource(url, options.branch(), options.path(), options.interval(), credentials,
                options.stateDir().resolve("git"), GitSource.DEFAULT_TIMEOUT);
    }

    private RequestAuthenticator authenticator() {
        var a = options.auth();
        if (a.enabled() == null || !a.enabled()) {
            return new OpenAccess();
        }
        return JwtAuthenticator.create(new AuthSettings(true, a.jwksUrl(), a.jwksFile(), a.issuer(), a.audience(),
                a.rolesClaim(), a.viewerRole(), a.adminRole()));
    }

    private static AccessDecision feedbackAccess(AuthDecision decision) {
        if (decision.allowed()) {
            return AccessDecision.ALLOW;
        }
        return decision.status() == 403 ? AccessDecision.FORBIDDEN : AccessDecision.UNAUTHORIZED;
    }

    private FeedbackConfig feedbackConfig() {
        FeedbackConfig config = FeedbackConfig.defaults(options.stateDir().resolve("feedback"), options.feedbackBucket())
                .withSchedule(options.feedbackSchedule());
        String instance = options.feedbackInstance();
        return instance == null || instance.isBlank() ? config
                : config.withExport(ExportSettings.defaults(instance.replaceAll("[^A-Za-z0-9._-]", "-")));
    }

    private Optional<byte[]> webhookSecret() {
        var w = options.webhook();
        try {
            if (w.secretFile() != null && !w.secretFile().isBlank()) {
                return Optional.of(Files.readString(Path.of(w.secretFile())).strip().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the webhook secret file " + w.secretFile()
                    + ": " + e.getClass().getSimpleName());
        }
        if (w.secretEnv() != null && System.getenv(w.secretEnv()) != null) {
            return Optional.of(System.getenv(w.secretEnv()).strip().getBytes(StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    private static Path path(String text) {
        return text == null || text.isBlank() ? null : Path.of(text);
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, "modeldeploy-" + name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private <T extends AutoCloseable> T remember(T resource) {
        started.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.debug("error while stopping {}", resource, e);
            }
        }
    }
}
