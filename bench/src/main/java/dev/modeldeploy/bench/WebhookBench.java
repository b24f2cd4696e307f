package dev.modeldeploy.bench;

import ch.qos.logback.classic.Level;
import dev.modeldeploy.api.ApiState;
import dev.modeldeploy.api.DeploymentView;
import dev.modeldeploy.daemon.Daemon;
import dev.modeldeploy.daemon.DaemonConfig;
import dev.modeldeploy.daemon.RunOptions;
import dev.modeldeploy.git.webhook.WebhookVerifier;
import dev.modeldeploy.health.State;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push-to-applied latency: how long after {@code git push} returns the daemon's API shows the pushed commit applied
 * to the deployment it changed. A repository of 1,000 ModelDeployments (one file each) lives in a bare repository
 * in a temporary directory; the daemon runs in this process ({@link Daemon#start}) against an embedded cluster,
 * with status commits, feedback and leader election off.
 *
 * <p>Timing starts once every deployment reports Ready (the embedded cluster's Knative simulator has marked them),
 * since that steady state is what a running daemon lives in: from then on each cycle also reads health for every
 * Ready deployment.
 *
 * <p>Two variants, one daemon each: (a) webhook: polling every hour (so it never helps), and a correctly signed
 * generic webhook posted right after each push; (b) polling every second, no webhook, the baseline. Each push
 * changes the image of one deployment (a different one each time) with the real {@code git} client; the time runs
 * from the moment {@code git push} returns until {@link Daemon#state()} reports that deployment's
 * {@code commitApplied} equal to the pushed commit. Goal: p95 under 1 second through the webhook.
 *
 * <p>Usage: bin/bench webhook [DEPLOYMENTS] [PUSHES]   (defaults 1000 and 20)
 */
public final class WebhookBench {
    private static final String BRANCH = "main";
    private static final String FOLDER = "deployments";
    private static final String SECRET = "webhook-bench-secret-0123456789";
    private static final Duration INITIAL_APPLY_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(60);

    private final Path root;
    private final Path work;
    private final Path bare;
    private final Path home;
    private final int deployments;
    private final Random random = new Random(7);
    private long commitCounter;

    private WebhookBench(Path root, int deployments) {
        this.root = root;
        this.work = root.resolve("work");
        this.bare = root.resolve("models.git");
        this.home = root.resolve("git-home");
        this.deployments = deployments;
    }

    public static void main(String[] args) throws Exception {
        int deployments = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int pushes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        quietLogs();
        Path root = Files.createTempDirectory("modeldeploy-webhook-bench");
        try {
            WebhookBench bench = new WebhookBench(root, deployments);
            bench.createRepository();
            System.out.printf("repository: %d deployments, one file each, bare repo %s%n", deployments, bench.bare);

            double[] webhook = bench.measure("webhook", pushes, true);
            double[] polling = bench.measure("polling 1s", pushes, false);

            System.out.printf("%n%-28s %8s %8s %8s %8s %8s%n", "push → applied (ms)", "n", "p50", "p95", "max", "mean");
            print("webhook (generic, signed)", webhook);
            print("polling, interval 1s", polling);
            double p95 = percentile(webhook, 95);
            System.out.printf("%nwebhook p95 %.0f ms (goal: under 1000 ms): %s; polling/webhook p50 ratio %.1fx%n",
                    p95, p95 < 1000 ? "met" : "NOT met", percentile(polling, 50) / percentile(webhook, 50));
        } finally {
            deleteTree(root);
        }
    }

    /** Starts a daemon, waits for the first full apply, then times {@code pushes} pushes. */
    private double[] measure(String label, int pushes, boolean viaWebhook) throws Exception {
        Path stateDir = root.resolve("state-" + (viaWebhook ? "webhook" : "polling"));
        Files.createDirectories(stateDir);
        Path secretFile = stateDir.resolve("webhook-secret");
        Files.writeString(secretFile, SECRET);
        DaemonConfig config = new DaemonConfig(null, null, null, null, new DaemonConfig.Webhook(secretFile.toString(), null),
                null, null, null, null, null);
        RunOptions options = RunOptions.resolve(config, new RunOptions.Flags(stateDir, 0, bare.toString(), BRANCH,
                FOLDER, viaWebhook ? "1h" : "1s", null, false, "embedded", null, null, false, null, false, null));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long started = System.nanoTime();
        try (Daemon daemon = Daemon.start(options)) {
            String head = git("rev-parse", "HEAD");
            awaitApplied(daemon, head, INITIAL_APPLY_TIMEOUT);
            System.out.printf("%n[%s] daemon up, first apply of %d deployments took %.1f s%n", label, deployments,
                    (System.nanoTime() - started) / 1e9);
            long applied = System.nanoTime();
            int ready = awaitAllReady(daemon, READY_TIMEOUT);
            System.out.printf("[%s] %d of %d deployments Ready after another %.1f s (the embedded cluster's Knative "
                    + "simulator); measuring from this steady state%n", label, ready, deployments,
                    (System.nanoTime() - applied) / 1e9);
            double[] latencies = new double[pushes];
            for (int i = 0; i < pushes; i++) {
                String id = "model-" + random.nextInt(deployments);
                String commit = changeImage(id);
                long pushStart = System.nanoTime();
                git("push", "--quiet", "origin", "HEAD:refs/heads/" + BRANCH);
                long pushed = System.nanoTime();
                if (viaWebhook) {
                    postWebhook(http, daemon.port(), commit);
                }
                awaitDeploymentApplied(daemon, id, commit, PUSH_TIMEOUT);
                latencies[i] = (System.nanoTime() - pushed) / 1e6;
                System.out.printf("[%s] push %2d: %-10s %s  git push %4.0f ms, push → applied %6.0f ms%n", label, i + 1,
                        id, commit.substring(0, 7), (pushed - pushStart) / 1e6, latencies[i]);
            }
            return latencies;
        }
    }

    private void postWebhook(HttpClient http, int port, String commit) throws IOException, InterruptedException {
        byte[] body = ("{\"ref\":\"refs/heads/" + BRANCH + "\",\"after\":\"" + commit + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook/generic"))
                .header("Content-Type", "application/json")
                .header("X-Signature-256", "sha256=" + WebhookVerifier.sign(SECRET.getBytes(StandardCharsets.UTF_8), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("webhook answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static void awaitApplied(Daemon daemon, String commit, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ApiState state = daemon.state();
            if (state != null && state.source() != null && commit.equals(state.source().commitApplied())) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("commit " + commit + " not applied within " + timeout);
    }

    /** Waits until every deployment is Ready, so cycles are timed in steady state; returns how many are. */
    private int awaitAllReady(Daemon daemon, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int ready = 0;
        while (System.nanoTime() < deadline) {
            ready = (int) daemon.state().deployments().stream()
                    .filter(view -> view.status() != null && view.status().state() == State.Ready).count();
            if (ready == deployments) {
                break;
            }
            // health is published at the end of a cycle; with hourly polling nothing else would start one
            daemon.requestReconcile();
            Thread.sleep(1000);
        }
        return ready;
    }

    private static void awaitDeploymentApplied(Daemon daemon, String id, String commit, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (DeploymentView view : daemon.state().deployments()) {
                if (view.id().equals(id) && view.status() != null && commit.equals(view.status().commitApplied())) {
                    return;
                }
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException(id + " at " + commit + " not applied within " + timeout);
    }

    private void createRepository() throws IOException {
        Files.createDirectories(work.resolve(FOLDER));
        Files.createDirectories(home);
        for (int i = 0; i < deployments; i++) {
            Files.writeString(work.resolve(FOLDER).resolve("model-" + i + ".yaml"), manifest(i, "1.0"));
        }
        git("init", "--quiet", "--initial-branch=" + BRANCH, ".");
        git("add", "--all");
        commit(deployments + " generated deployments");
        runGit(root, "init", "--quiet", "--bare", "--initial-branch=" + BRANCH, bare.toString());
        git("remote", "add", "origin", bare.toString());
        git("push", "--quiet", "origin", "HEAD:refs/heads/" + BRANCH);
    }

    /** Commits a new image tag for one deployment; returns the commit id. */
    private String changeImage(String id) throws IOException {
        int index = Integer.parseInt(id.substring("model-".length()));
        Files.writeString(work.resolve(FOLDER).resolve(id + ".yaml"), manifest(index, "1." + (++commitCounter)));
        git("add", "--all");
        commit("Roll out " + id);
        return git("rev-parse", "HEAD");
    }

    private void commit(String message) {
        git("commit", "--quiet", "-m", message);
    }

    private static String manifest(int i, String tag) {
        return """
                kind: ModelDeployment
                id: model-%d
                spec:
                  predictor: odahu-ml-server
                  image: registry.example.com/models/model-%d:%s
                  resources:
                    limits: {cpu: "1", memory: 1Gi}
                    requests: {cpu: 250m, memory: 512Mi}
                  minReplicas: 0
                  maxReplicas: %d
                  roleName: team-%d
                """.formatted(i, i, tag, 1 + i % 3, i % 20);
    }

    private String git(String... args) {
        return runGit(work, args);
    }

    private String runGit(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Webhook Bench",
                "-c", "user.email=bench@example.com", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.remove("GIT_DIR");
        env.remove("GIT_WORK_TREE");
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
            }
            return output.strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run git: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void print(String label, double[] values) {
        System.out.printf(Locale.ROOT, "%-28s %8d %8.0f %8.0f %8.0f %8.0f%n", label, values.length,
                percentile(values, 50), percentile(values, 95), Arrays.stream(values).max().orElse(0),
                Arrays.stream(values).average().orElse(0));
    }

    /** Nearest-rank percentile. */
    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The daemon logs every cycle at INFO; the table is what matters here. */
    private static void quietLogs() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(Level.WARN);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}
