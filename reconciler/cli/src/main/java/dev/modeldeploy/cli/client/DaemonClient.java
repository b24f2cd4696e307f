package dev.modeldeploy.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** The daemon's HTTP API as the CLI uses it; every failure becomes a message that says what to do. */
public final class DaemonClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String url;
    private final String token;
    private final ClientEnvironment environment;
    private final HttpClient http;

    public DaemonClient(String url, String token, ClientEnvironment environment) {
        this.url = url;
        this.token = token;
        this.environment = environment;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public String url() {
        return url;
    }

    public String token() {
        return token;
    }

    public HttpClient http() {
        return http;
    }

    public ArrayNode list(ManifestKind kind) {
        return (ArrayNode) get(kind.apiPath());
    }

    /** The envelope, or empty when the daemon says there is no such id. */
    public Optional<JsonNode> find(ManifestKind kind, String id) {
        try {
            return Optional.of(get(kind.apiPath() + "/" + encode(id)));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    public JsonNode require(ManifestKind kind, String id) {
        try {
            return get(kind.apiPath() + "/" + encode(id));
        } catch (NotFound e) {
            throw new CliException(e.getMessage() + " (list them with: modeldeploy " + kind.command() + " get)");
        }
    }

    public Source source() {
        JsonNode node = get("/api/v1/source");
        return new Source(text(node, "repo"), text(node, "branch"), text(node, "path"),
                text(node, "commitSeen"), text(node, "commitApplied"));
    }

    public JsonNode get(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(TIMEOUT)
                .header("Accept", "application/json").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = send(request.build());
        int status = response.statusCode();
        if (status == 200) {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new CliException(url + path + " answered with something that is not JSON; is " + url
                        + " a modeldeploy daemon?");
            }
        }
        String message = serverMessage(response);
        switch (status) {
            case 401 -> throw new CliException((token == null
                    ? "modeldeploy at " + url + " requires a token (" + message + "). "
                    : "modeldeploy at " + url + " rejected the token: " + message + ". Get a fresh one and ")
                    + tokenHint());
            case 403 -> throw new CliException("modeldeploy at " + url + " refused: " + message
                    + ". Ask your administrator for the role, or use a token that has it.");
            case 404 -> throw new NotFound(message != null && message.startsWith("entity")
                    ? message : "not found: " + url + path + " (is " + url + " a modeldeploy daemon?)");
            default -> throw new CliException("modeldeploy at " + url + " answered HTTP " + status
                    + (message == null ? "" : ": " + message));
        }
    }

    private String tokenHint() {
        return "pass it with --token-file FILE, the " + ClientEnvironment.TOKEN_VARIABLE
                + " variable, or token: in " + environment.configFileForHumans();
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(e instanceof ConnectException ? "connection refused" : "connection timed out");
        } catch (HttpTimeoutException e) {
            throw new CliException("modeldeploy at " + url + " did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private CliException unreachable(String reason) {
        return new CliException("cannot reach modeldeploy at " + url + ": " + reason
                + "; is the daemon running? set --url or url: in " + environment.configFileForHumans());
    }

    private static String serverMessage(HttpResponse<String> response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            JsonNode message = body == null ? null : body.get("message");
            return message == null ? null : message.asText();
        } catch (IOException e) {
            return null;
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    /** The repository the daemon watches, as GET /api/v1/source tells it. */
    public record Source(String repo, String branch, String path, String commitSeen, String commitApplied) {
    }

    /** A 404 from the daemon; its message is ODAHU's "entity \"x\" is not found". */
    public static final class NotFound extends CliException {
        NotFound(String message) {
            super(message);
        }
    }
}
