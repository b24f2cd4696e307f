package dev.modeldeploy.analysis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus for tests: Debian's {@code prometheus} binary (apt-get install prometheus; the system service is
 * never used), started on a free loopback port with a config written here that scrapes the given targets every
 * second. Tests that need it are skipped, saying why, when the binary is missing. It can be stopped and started
 * again on the same port and data, as an outage would look to the daemon.
 */
public final class PrometheusProcess implements AutoCloseable {
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/prometheus"), Path.of("/usr/local/bin/prometheus"));
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path binary;
    private final Path folder;
    private final int port;
    private Process process;

    private PrometheusProcess(Path binary, Path folder, int port) {
        this.binary = binary;
        this.folder = folder;
        this.port = port;
    }

    /** Starts Prometheus scraping the targets (host:port, path /metrics), or skips the calling test. */
    public static PrometheusProcess start(Path folder, String... targets) throws IOException, InterruptedException {
        Path binary = CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(binary != null, "Debian's prometheus binary is not installed (apt-get install prometheus; .ci/run installs it)");
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: istio-sidecars
                    scrape_interval: 1s
                    scrape_timeout: 900ms
                    static_configs:
                      - targets: [""");
        for (int i = 0; i < targets.length; i++) {
            config.append(i == 0 ? "" : ", ").append('"').append(targets[i]).append('"');
        }
        config.append("]\n");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("prometheus.yml"), config.toString());
        PrometheusProcess prometheus = new PrometheusProcess(binary, folder, freePort());
        prometheus.start();
        return prometheus;
    }

    /** Starts it (again), on the same port and data, and waits until it is ready. */
    public void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder(binary.toString(),
                "--config.file=" + folder.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + folder.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("prometheus.log").toFile()))
                .start();
        awaitReady();
    }

    /** Stops it the way an outage would: the port refuses connections until start() is called again. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ": " + log());
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus was not ready within " + READY_TIMEOUT + ": " + log());
    }

    private String log() throws IOException {
        Path log = folder.resolve("prometheus.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
