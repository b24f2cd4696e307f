package dev.modeldeploy.cli.odahu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ODAHU's API server as odahu-flow 1.6.1's packages/operator/docs/swagger.yaml describes its two list endpoints:
 * {@code GET /api/v1/model/deployment} and {@code GET /api/v1/model/route} answer 200 with a JSON array of the
 * definitions ModelDeployment (id, createdAt, updatedAt, spec: ModelDeploymentSpec, status: ModelDeploymentStatus)
 * and ModelRoute (the same, plus default; spec: ModelRouteSpec), and 400 with an HTTPResult ({"message": ...}).
 * The parameters size and page are read as pkg/apiserver/routes/utils.go URLParamsToFilter reads them: page from
 * 0, size 500 unless given, a value that is not a whole number or any other parameter is a 400.
 *
 * <p>The swagger document declares no security: ODAHU's gateway checks the bearer JWT in front of the API server.
 * A missing, wrong or expired token gets 401 with the gateway's plain-text body (Envoy's jwt_authn answers "Jwt is
 * missing", "Jwt is expired"). A server can also be told to fail with a status and HTTPResult, or to ignore paging
 * as ODAHU releases before paging did.
 */
final class FakeOdahuServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_SIZE = 500;

    private final HttpServer server;
    private final String token;
    private final Map<String, List<JsonNode>> lists = new LinkedHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean tokenExpired;
    private volatile boolean ignorePaging;
    private volatile int failStatus;
    private volatile String failMessage;

    FakeOdahuServer(String token, List<JsonNode> deployments, List<JsonNode> routes) throws IOException {
        this.token = token;
        lists.put("/api/v1/model/deployment", List.copyOf(deployments));
        lists.put("/api/v1/model/route", List.copyOf(routes));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request's path and query, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** The Authorization header of every request. */
    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    void expireToken() {
        tokenExpired = true;
    }

    void ignorePaging() {
        ignorePaging = true;
    }

    void failWith(int status, String message) {
        failStatus = status;
        failMessage = message;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(exchange.getRequestURI().getPath() + (query == null ? "" : "?" + query));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization);
            if (authorization == null) {
                send(exchange, 401, "text/plain", "Jwt is missing");
                return;
            }
            if (!authorization.equals("Bearer " + token)) {
                send(exchange, 401, "text/plain", "Jwt verification fails");
                return;
            }
            if (tokenExpired) {
                send(exchange, 401, "text/plain", "Jwt is expired");
                return;
            }
            if (!exchange.getRequestMethod().equals("GET") || !lists.containsKey(exchange.getRequestURI().getPath())) {
                sendResult(exchange, 404, "page not found");
                return;
            }
            if (failStatus != 0) {
                sendResult(exchange, failStatus, failMessage);
                return;
            }
            int size = DEFAULT_SIZE;
            int page = 0;
            for (Map.Entry<String, String> parameter : parameters(query).entrySet()) {
                switch (parameter.getKey()) {
                    case "size", "page" -> {
                        int value;
                        try {
                            value = Integer.parseInt(parameter.getValue());
                        } catch (NumberFormatException e) {
                            sendResult(exchange, 400, "strconv.Atoi: parsing \"" + parameter.getValue() + "\": invalid syntax");
                            return;
                        }
                        if (parameter.getKey().equals("size")) {
                            size = value;
                        } else {
                            page = value;
                        }
                    }
                    default -> {
                        sendResult(exchange, 400, "cannot find " + parameter.getKey() + " url parameter");
                        return;
                    }
                }
            }
            List<JsonNode> all = lists.get(exchange.getRequestURI().getPath());
            int from = ignorePaging ? 0 : Math.min(all.size(), page * size);
            int to = ignorePaging ? all.size() : Math.min(all.size(), from + size);
            ArrayNode answer = JSON.createArrayNode();
            all.subList(from, to).forEach(answer::add);
            send(exchange, 200, "application/json; charset=utf-8", JSON.writeValueAsString(answer));
        }
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            parameters.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static void sendResult(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", JSON.createObjectNode().put("message", message).toString());
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
