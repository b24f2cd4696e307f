package dev.modeldeploy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.feedback.FeedbackConfig;
import dev.modeldeploy.feedback.FeedbackService;
import dev.modeldeploy.feedback.RecordKind;
import dev.modeldeploy.feedback.collect.CollectorSettings;
import dev.modeldeploy.feedback.collect.FeedbackServer;
import dev.modeldeploy.feedback.collect.RequestCheck;
import dev.modeldeploy.feedback.export.ExportFailedException;
import dev.modeldeploy.feedback.export.ExportReport;
import dev.modeldeploy.feedback.spool.StateDirInUseException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code modeldeploy feedback}: run the feedback collector on its own, export by hand, or send feedback. */
@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = "ODAHU-compatible prediction feedback: collect it, export it to a bucket, send it.",
        subcommands = {FeedbackCommand.Serve.class, FeedbackCommand.Export.class, FeedbackCommand.Send.class})
public final class FeedbackCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static FeedbackConfig config(Path stateDir, String bucket, String instance) {
        FeedbackConfig config = FeedbackConfig.defaults(stateDir, bucket);
        return instance == null ? config : config.withExport(config.export().withInstance(instance));
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Run the collector (POST /feedback/model/, POST /log, GET /metrics, GET /healthz) and export on a schedule.",
                    "It checks no credentials: run it behind the gateway that authenticates callers, or use the daemon, which mounts the same endpoints behind its JWT check."})
    public static final class Serve implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
        int port;

        @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0", description = "Address to listen on (default ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--bucket", paramLabel = "URL", required = true,
                description = "s3://BUCKET/PREFIX[?endpoint=URL&region=R&path-style=true], gs://BUCKET/PREFIX or file:///PATH.")
        String bucket;

        @Option(names = "--state-dir", paramLabel = "DIR", required = true,
                description = "Spool and export state; must survive restarts (a volume) and belong to this process alone.")
        Path stateDir;

        @Option(names = "--schedule", paramLabel = "CRON", defaultValue = "0 * * * * ?",
                description = "Quartz cron expression for exports (default '${DEFAULT-VALUE}': every minute).")
        String schedule;

        @Option(names = "--instance", paramLabel = "NAME", description = "Name in exported object names (default: the host name).")
        String instance;

        @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "1048576", description = "Largest accepted request body (default ${DEFAULT-VALUE}).")
        long maxBodyBytes;

        private final CountDownLatch stop = new CountDownLatch(1);

        /** Ends a running {@link #call()} as a signal would. */
        public void stop() {
            stop.countDown();
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            FeedbackConfig config = config(stateDir, bucket, instance).withSchedule(schedule)
                    .withCollector(CollectorSettings.defaults().withMaxBodyBytes(maxBodyBytes));
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (FeedbackService service = FeedbackService.open(config, registry);
                 FeedbackServer server = FeedbackServer.start(host, port, service.routes(RequestCheck.ALLOW_ALL), registry::scrape)) {
                service.startSchedule();
                Thread hook = new Thread(this::stop, "feedback-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                out.printf("feedback collector listening on http://%s:%d (POST /feedback/model/, POST /log), exporting to %s on '%s'%n",
                        host, server.port(), service.exporter().bucket().describe(), schedule);
                out.flush();
                stop.await();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is what stopped us
                }
            } catch (StateDirInUseException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export what the spool holds to the bucket now, finishing any export an earlier run left unfinished.")
    public static final class Export implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--once", required = true, description = "Run one export and exit (scheduled exports are what 'serve' does).")
        boolean once;

        @Option(names = "--bucket", paramLabel = "URL", required = true,
                description = "s3://BUCKET/PREFIX[?endpoint=URL&region=R&path-style=true], gs://BUCKET/PREFIX or file:///PATH.")
        String bucket;

        @Option(names = "--state-dir", paramLabel = "DIR", required = true, description = "State folder of the collector whose spool to export.")
        Path stateDir;

        @Option(names = "--instance", paramLabel = "NAME", description = "Name in exported object names (default: the host name); keep the collector's.")
        String instance;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isDirectory(stateDir)) {
                err.println("error: state folder " + stateDir + " does not exist; give the --state-dir of a collector");
                return 1;
            }
            try (FeedbackService service = FeedbackService.open(config(stateDir, bucket, instance), new SimpleMeterRegistry())) {
                ExportReport report = service.exporter().runOnce();
                String perKind = java.util.Arrays.stream(RecordKind.values())
                        .map(k -> k.pathName() + " " + report.records().getOrDefault(k, 0L)).collect(Collectors.joining(", "));
                out.printf("exported %d records (%s) in %d objects to %s%n", report.totalRecords(), perKind, report.objects(),
                        service.exporter().bucket().describe());
                return 0;
            } catch (ExportFailedException e) {
                err.println("error: " + e.getMessage());
                err.println("nothing is lost: the unfinished export is kept in " + stateDir + " and the next run completes it");
                return 1;
            } catch (IOException | IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
        }
    }

    // No standard mixin here: --version is the model version, as odahuflowctl users type it.
    @Command(name = "send",
            description = {"Send feedback about a prediction to a collector (the daemon or 'feedback serve') and print its answer.",
                    "The bearer token comes from --token-file or the MODELDEPLOY_TOKEN variable, never from the command line."})
    public static final class Send implements Callable<Integer> {
        static final String TOKEN_VARIABLE = "MODELDEPLOY_TOKEN";
        private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080",
                description = "Base URL of the daemon or collector (default ${DEFAULT-VALUE}).")
        String url;

        @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the bearer token (else MODELDEPLOY_TOKEN).")
        Path tokenFile;

        @Option(names = "--model", paramLabel = "NAME", required = true, description = "Model name (x-model-name).")
        String model;

        @Option(names = "--version", paramLabel = "V", required = true, description = "Model version (x-model-version).")
        String version;

        @Option(names = "--request-id", paramLabel = "ID", required = true, description = "Request-ID of the prediction the feedback is about.")
        String requestId;

        @Option(names = "--json", paramLabel = "JSON", required = true, description = "The feedback, any JSON, e.g. '{\"truthful\": 1}'.")
        String json;

        /** Where MODELDEPLOY_TOKEN is read from; tests replace it. */
        Map<String, String> environment = System.getenv();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                JSON.readTree(json);
            } catch (JsonProcessingException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--json is not JSON: " + e.getOriginalMessage());
            }
            String token;
            try {
                token = token();
            } catch (IOException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
            URI endpoint;
            try {
                endpoint = URI.create(url.replaceAll("/+$", "") + "/feedback/model/");
                if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                    throw new IllegalArgumentException("no scheme or host");
                }
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--url '" + url + "' is not an http(s) URL like http://localhost:8080");
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("x-model-name", model).header("x-model-version", version)
                    .header("Request-ID", requestId).POST(HttpRequest.BodyPublishers.ofString(json));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response;
            try {
                response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                        .send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException | HttpConnectTimeoutException e) {
                err.println("error: cannot reach " + endpoint + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                        + "); is the daemon ('modeldeploy run') or 'modeldeploy feedback serve' running there? check --url");
                return 1;
            } catch (IOException e) {
                err.println("error: request to " + endpoint + " failed: " + e.getMessage());
                return 1;
            }
            return report(response, token != null, out, err);
        }

        private int report(HttpResponse<String> response, boolean sentToken, PrintWriter out, PrintWriter err) {
            String message = messageOf(response.body());
            switch (response.statusCode()) {
                case 200 -> {
                    out.println(pretty(response.body()));
                    return 0;
                }
                case 400 -> err.println("error: the collector refused the feedback: " + message);
                case 401 -> err.println(sentToken
                        ? "error: 401: the token was not accepted (expired, or from another issuer?); get a fresh token"
                        : "error: 401: the collector requires a bearer token; pass --token-file FILE or set " + TOKEN_VARIABLE);
                case 403 -> err.println("error: 403: the token is valid but its roles do not allow sending feedback; ask for the viewer role");
                case 404 -> err.println("error: 404: no feedback endpoint at " + response.uri() + "; check --url (the daemon may run with --no-feedback)");
                case 413 -> err.println("error: 413: " + message + "; send smaller feedback");
                case 503 -> err.println("error: 503: " + message + response.headers().firstValue("Retry-After").map(s -> " (retry after " + s + " s)").orElse(""));
                default -> err.println("error: unexpected HTTP " + response.statusCode() + " from " + response.uri() + ": " + message);
            }
            return 1;
        }

        private String token() throws IOException {
            if (tokenFile != null) {
                try {
                    String token = Files.readString(tokenFile).strip();
                    if (token.isEmpty()) {
                        throw new IOException("token file " + tokenFile + " is empty");
                    }
                    return token;
                } catch (NoSuchFileException e) {
                    throw new IOException("token file " + tokenFile + " does not exist");
                }
            }
            String fromEnvironment = environment.get(TOKEN_VARIABLE);
            return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.strip();
        }

        private static String messageOf(String body) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node != null && node.hasNonNull("message")) {
                    return node.get("message").isTextual() ? node.get("message").asText() : node.get("message").toString();
                }
            } catch (IOException e) {
                // not JSON: show it as it is
            }
            return body == null || body.isBlank() ? "(no message)" : body.strip();
        }

        private static String pretty(String body) {
            try {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(body));
            } catch (IOException e) {
                return body;
            }
        }
    }
}
