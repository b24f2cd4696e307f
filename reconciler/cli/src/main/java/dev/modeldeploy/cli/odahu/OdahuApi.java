package dev.modeldeploy.cli.odahu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.cli.client.CliException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The read side of ODAHU's API server (odahu-flow 1.6.1, packages/operator/docs/swagger.yaml): list endpoints that
 * answer a JSON array of entities, paged with the query parameters page (from 0) and size, and an HTTPResult
 * ({"message": ...}) on errors. The token goes only into the Authorization header; every message that could
 * carry it is scrubbed.
 */
final class OdahuApi {
    static final String DEPLOYMENTS = "/api/v1/model/deployment";
    static final String ROUTES = "/api/v1/model/route";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Far beyond any installation; stops a server that keeps answering full pages of new ids. */
    private static final int MAX_PAGES = 10_000;
    private static final int MAX_MESSAGE = 300;

    private final String baseUrl;
    private final String token;
    private final int pageSize;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    OdahuApi(String baseUrl, String token, int pageSize) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.pageSize = pageSize;
    }

    /**
     * Every entity of a list endpoint, page after page until a short page. An ODAHU that ignores paging answers
     * everything at once: a page longer than asked, or one holding only ids already seen, ends the listing too.
     */
    List<JsonNode> listAll(String path) {
        List<JsonNode> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            String pathAndQuery = path + "?page=" + page + "&size=" + pageSize;
            JsonNode answer = get(pathAndQuery);
            if (!answer.isArray()) {
                throw new CliException("ODAHU at " + baseUrl + " answered GET " + pathAndQuery
                        + " with something that is not a JSON list; is " + baseUrl + " ODAHU's API server?");
            }
            boolean anyNew = false;
            for (JsonNode item : answer) {
                String id = item.path("id").asText(null);
                if (id == null || seen.add(id)) {
                    all.add(item);
                    anyNew = true;
                }
            }
            if (answer.size() != pageSize || !anyNew) {
                return all;
            }
        }
        throw new CliException("ODAHU at " + baseUrl + " still answered full pages of " + path + " after " + MAX_PAGES + " pages");
    }

    private JsonNode get(String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(TIMEOUT)
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
                throw new CliException("ODAHU at " + baseUrl + " answered GET " + pathAndQuery
                        + " with something that is not JSON; is " + baseUrl + " ODAHU's API server?");
            }
        }
        String message = serverMessage(response);
        String said = "HTTP " + status + (message.isEmpty() ? "" : ": " + message);
        throw switch (status) {
            case 401 -> new CliException(token == null
                    ? "ODAHU at " + baseUrl + " requires a token (" + said + "); pass one with --token-file FILE"
                    : "ODAHU at " + baseUrl + " rejected the token (" + said + "); it may have expired: log in again "
                            + "(odahuflowctl login) and write the new token to the --token-file");
            case 403 -> new CliException("ODAHU at " + baseUrl + " refused to list " + pathAndQuery + " (" + said
                    + "); the token's user needs a role that may read model deployments and routes");
            case 301, 302, 303, 307, 308 -> new CliException("ODAHU at " + baseUrl + " redirected GET " + pathAndQuery
                    + " to " + response.headers().firstValue("Location").map(this::scrub).orElse("elsewhere")
                    + " (a login page?); pass a token with --token-file FILE");
            default -> new CliException("ODAHU at " + baseUrl + " answered GET " + pathAndQuery + " with " + said);
        };
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(e instanceof ConnectException ? "connection refused" : "connection timed out");
        } catch (HttpTimeoutException e) {
            throw new CliException("ODAHU at " + baseUrl + " did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : scrub(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private CliException unreachable(String reason) {
        return new CliException("cannot reach ODAHU at " + baseUrl + ": " + reason + "; check --odahu-url");
    }

    /** HTTPResult's message, or the start of a plain-text body (a gateway's "Jwt is expired"). */
    private String serverMessage(HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body().strip();
        String message = body;
        try {
            JsonNode parsed = JSON.readTree(body);
            if (parsed != null && parsed.path("message").isTextual()) {
                message = parsed.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON: keep the text
        }
        message = scrub(message.replaceAll("\\s+", " "));
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    }

    private String scrub(String text) {
        return token == null || token.isEmpty() ? text : text.replace(token, "***");
    }
}
