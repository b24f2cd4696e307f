package dev.modeldeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modeldeploy.feedback.FeedbackConfig;
import dev.modeldeploy.feedback.FeedbackService;
import dev.modeldeploy.feedback.bucket.LocalFolderBucket;
import dev.modeldeploy.feedback.collect.AccessDecision;
import dev.modeldeploy.feedback.collect.FeedbackServer;
import dev.modeldeploy.feedback.collect.RequestCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FeedbackCommandTest {
    private static final String TOKEN = "good-token";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private FeedbackService service;
    private FeedbackServer server;

    /** A collector that wants 'Bearer good-token' and refuses 'Bearer viewer-token' with 403. */
    @BeforeEach
    void startCollector() throws Exception {
        RequestCheck check = ctx -> {
            String authorization = String.valueOf(ctx.header("Authorization"));
            if (authorization.equals("Bearer " + TOKEN)) {
                return AccessDecision.ALLOW;
            }
            return authorization.equals("Bearer viewer-token") ? AccessDecision.FORBIDDEN : AccessDecision.UNAUTHORIZED;
        };
        service = FeedbackService.open(FeedbackConfig.defaults(dir.resolve("collector-state"), "unused"), new SimpleMeterRegistry(),
                new LocalFolderBucket(dir.resolve("collector-bucket")), Clock.systemUTC());
        server = FeedbackServer.start("127.0.0.1", 0, service.routes(check), null);
    }

    @AfterEach
    void stopCollector() throws Exception {
        server.close();
        service.close();
    }

    private int run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private int send(Map<String, String> environment, String... args) {
        FeedbackCommand.Send send = new FeedbackCommand.Send();
        send.environment = environment;
        return run(send, args);
    }

    private String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private String[] seedArgs(String... extra) {
        String[] base = {"--url", url(), "--model", "income", "--version", "1.1", "--request-id", "previous-prediction-id", "--json", "{\"truthful\": 1}"};
        return Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new);
    }

    @Test
    void sendWithTokenFilePrintsTheRegisteredMessage() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        int exit = send(Map.of(), seedArgs("--token-file", tokenFile.toString()));
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"registered\" : true").contains("\"RequestID\" : \"previous-prediction-id\"")
                .contains("\"truthful\" : 1");
        assertThat(out.toString() + err).doesNotContain(TOKEN);
    }

    @Test
    void sendTakesTheTokenFromTheEnvironment() {
        assertThat(send(Map.of("MODELDEPLOY_TOKEN", TOKEN), seedArgs())).isZero();
    }

    @Test
    void sendExplainsRefusals() {
        assertThat(send(Map.of(), seedArgs())).isEqualTo(1);
        assertThat(err.toString()).contains("401").contains("--token-file FILE or set MODELDEPLOY_TOKEN");

        assertThat(send(Map.of("MODELDEPLOY_TOKEN", "expired"), seedArgs())).isEqualTo(1);
        assertThat(err.toString()).contains("token was not accepted");

        assertThat(send(Map.of("MODELDEPLOY_TOKEN", "viewer-token"), seedArgs())).isEqualTo(1);
        assertThat(err.toString()).contains("403");

        String[] badName = {"--url", url(), "--model", "../up", "--version", "1", "--request-id", "r", "--json", "{}"};
        assertThat(send(Map.of("MODELDEPLOY_TOKEN", TOKEN), badName)).isEqualTo(1);
        assertThat(err.toString()).contains("the collector refused the feedback: x-model-name '../up' is not allowed");
    }

    @Test
    void sendRejectsBadArgumentsBeforeSending() {
        String[] notJson = {"--url", url(), "--model", "m", "--version", "1", "--request-id", "r", "--json", "{truthful"};
        assertThat(send(Map.of(), notJson)).isEqualTo(2);
        assertThat(err.toString()).contains("--json is not JSON");
        assertThat(send(Map.of(), "--url", url(), "--model", "m")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required options");
        assertThat(send(Map.of(), seedArgs("--token-file", dir.resolve("missing").toString()))).isEqualTo(1);
        assertThat(err.toString()).contains("token file").contains("does not exist");
    }

    @Test
    void sendToAnUnreachableCollectorSaysWhatToCheck() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        String[] args = {"--url", "http://127.0.0.1:" + freePort, "--model", "m", "--version", "1", "--request-id", "r", "--json", "{}"};
        assertThat(send(Map.of(), args)).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach http://127.0.0.1:" + freePort + "/feedback/model/")
                .contains("modeldeploy feedback serve").contains("check --url");
    }

    @Test
    void exportOnceMovesASpoolToTheBucket() throws Exception {
        assertThat(send(Map.of("MODELDEPLOY_TOKEN", TOKEN), seedArgs())).isZero();
        server.close();
        service.close();
        Path bucket = dir.resolve("exported");
        String[] args = {"export", "--once", "--bucket", bucket.toUri().toString(), "--state-dir", dir.resolve("collector-state").toString(),
                "--instance", "cli"};
        assertThat(run(new FeedbackCommand(), args)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("exported 1 records (feedback 1, request_response 0, response_body 0) in 1 objects");
        try (Stream<Path> files = Files.walk(bucket)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> bucket.relativize(p).toString()))
                    .singleElement().asString().matches("feedback/income/1\\.1/year=\\d{4}/month=\\d\\d/day=\\d\\d/\\d{10}_cli-1\\.json");
        }
        // Reopened so @AfterEach has something to close.
        startCollector();
    }

    @Test
    void exportRefusesAStateFolderARunningCollectorHolds() {
        String[] args = {"export", "--once", "--bucket", dir.resolve("b").toUri().toString(), "--state-dir", dir.resolve("collector-state").toString()};
        assertThat(run(new FeedbackCommand(), args)).isEqualTo(1);
        assertThat(err.toString()).contains("in use by another modeldeploy feedback process");
        assertThat(run(new FeedbackCommand(), "export", "--bucket", "file:///tmp/x", "--state-dir", dir.toString())).isEqualTo(2);
        assertThat(run(new FeedbackCommand(), "export", "--once", "--bucket", "ftp://x", "--state-dir", dir.resolve("collector-state").toString()))
                .isEqualTo(1);
    }

    @Test
    void serveCollectsAndExportsOnItsSchedule() throws Exception {
        FeedbackCommand.Serve serve = new FeedbackCommand.Serve();
        Path bucket = dir.resolve("served-bucket");
        AtomicInteger exit = new AtomicInteger(-1);
        Thread running = new Thread(() -> exit.set(run(serve, "--port", "0", "--host", "127.0.0.1", "--bucket", bucket.toUri().toString(),
                "--state-dir", dir.resolve("serve-state").toString(), "--schedule", "* * * * * ?", "--instance", "serve")));
        running.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("listening on") || exit.get() >= 0);
            Matcher port = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)").matcher(out.toString());
            assertThat(port.find()).as(out + err.toString()).isTrue();
            String base = "http://127.0.0.1:" + port.group(1);
            String[] args = {"--url", base, "--model", "wine", "--version", "2", "--request-id", "r-9", "--json", "[1]"};
            assertThat(send(Map.of(), args)).as(err.toString()).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(bucket) && !new LocalFolderBucket(bucket).list().isEmpty());
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("modeldeploy_feedback_records_received_total{kind=\"feedback\"} 1.0");
        } finally {
            serve.stop();
            running.join(30_000);
        }
        assertThat(exit.get()).isZero();
    }
}
