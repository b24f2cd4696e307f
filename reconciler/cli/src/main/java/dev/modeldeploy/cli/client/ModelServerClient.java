package dev.modeldeploy.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A deployed model's own API (odahu-ml-server protocol): GET /api/model/info and POST /api/model/invoke. */
public final class ModelServerClient {

    /** The model's answer: status, body, and the request-id the model (or its proxy) gave the request. */
    public record Answer(int status, String body, Optional<String> requestId) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final DaemonClient daemon;
    private final String modelUrl;

    private ModelServerClient(DaemonClient daemon, String modelUrl) {
        this.daemon = daemon;
        this.modelUrl = modelUrl.endsWith("/") ? modelUrl.substring(0, modelUrl.length() - 1) : modelUrl;
    }

    /** The model at the URL the daemon reports for this deployment, or at an explicit URL. */
    public static ModelServerClient forDeployment(DaemonClient daemon, String deploymentId, String explicitUrl) {
        if (explicitUrl != null) {
            return new ModelServerClient(daemon, explicitUrl);
        }
        JsonNode status = daemon.require(ManifestKind.DEPLOYMENT, deploymentId).path("status");
        String url = DaemonClient.text(status, "url");
        if (url == null) {
            throw new CliException("deployment \"" + deploymentId + "\" has no URL yet (state "
                    + DaemonClient.text(status, "state") + "); wait until it is Ready: modeldeploy deployment get --id "
                    + deploymentId);
        }
        return new ModelServerClient(daemon, url);
    }

    public String url() {
        return modelUrl;
    }

    public Answer info() {
        return send(request("/api/model/info").GET().build());
    }

    public Answer invoke(String jsonBody) {
        return send(request("/api/model/invoke")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
                .build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(modelUrl + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (daemon.token() != null) {
            request.header("Authorization", "Bearer " + daemon.token());
        }
        return request;
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = daemon.http().send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("request-id"));
        } catch (ConnectException e) {
            throw new CliException("cannot reach the model at " + modelUrl + ": connection failed"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
                    + "; is that URL reachable from here? --model-url URL calls the model elsewhere");
        } catch (IOException e) {
            throw new CliException("cannot reach the model at " + modelUrl + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    /** Refuses a request body that is not JSON before anything is sent. */
    public static void requireJson(String body) {
        try {
            JsonNode node = DaemonClient.JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new CliException("the request body is empty; give a JSON document", 2);
            }
        } catch (IOException e) {
            throw new CliException("the request body is not JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), 2);
        }
    }

    /** Pretty JSON when the body is JSON, the body as it is otherwise. */
    public static String readable(String body) {
        try {
            JsonNode node = DaemonClient.JSON.readTree(body);
            return node == null ? body : OutputFormat.json(node);
        } catch (IOException e) {
            return body;
        }
    }
}
