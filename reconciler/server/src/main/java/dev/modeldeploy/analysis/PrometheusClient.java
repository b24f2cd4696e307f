package dev.modeldeploy.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Instant queries against Prometheus' HTTP API ({@code POST /api/v1/query}), each bounded by the configured timeout
 * both in Prometheus ({@code timeout=}) and on the wire. A query answers one number, or nothing when its vector is
 * empty or not a number (a ratio of two empty rates).
 */
public final class PrometheusClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_TEXT = 200;

    private final URI queryEndpoint;
    private final String displayUrl;
    private final Duration timeout;
    private final HttpClient http;
    /** Basic credentials from a user:password@ in the URL, or null; never logged. */
    private final String authorization;

    public PrometheusClient(String baseUrl, Duration timeout) {
        this(baseUrl, timeout, HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build());
    }

    PrometheusClient(String baseUrl, Duration timeout, HttpClient http) {
        URI base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.queryEndpoint = base.resolve("api/v1/query");
        this.displayUrl = withoutUserInfo(base).toString().replaceAll("/$", "");
        this.timeout = timeout;
        this.http = http;
        this.authorization = base.getRawUserInfo() == null ? null : "Basic " + java.util.Base64.getEncoder().encodeToString(
                URLDecoder.decode(base.getRawUserInfo(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    }

    /** The base URL as logs and status may show it: any user:password@ left out. */
    public String displayUrl() {
        return displayUrl;
    }

    /** The value of an instant query evaluated at the given time. */
    public OptionalDouble query(String promql, Instant at) throws PrometheusException {
        String form = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + String.format(Locale.ROOT, "%.3f", at.toEpochMilli() / 1000.0)
                + "&timeout=" + timeout.toMillis() + "ms";
        HttpRequest.Builder request = HttpRequest.newBuilder(withoutUserInfo(queryEndpoint))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new PrometheusException("Prometheus at " + displayUrl + " did not answer within " + timeout.toMillis() + "ms");
        } catch (IOException e) {
            throw new PrometheusException("Prometheus at " + displayUrl + " is unreachable: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusException("interrupted while querying Prometheus at " + displayUrl, e);
        }
        return value(response);
    }

    private OptionalDouble value(HttpResponse<String> response) throws PrometheusException {
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new PrometheusException("Prometheus at " + displayUrl + " answered HTTP " + response.statusCode()
                    + " with something other than JSON: " + shorten(response.body()));
        }
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new PrometheusException("Prometheus at " + displayUrl + " answered HTTP " + response.statusCode() + ": "
                    + shorten(body.path("errorType").asText("") + " " + body.path("error").asText("")).trim());
        }
        JsonNode data = body.path("data");
        String type = data.path("resultType").asText();
        JsonNode sample = switch (type) {
            case "vector" -> data.path("result").isEmpty() ? null : data.path("result").get(0).path("value");
            case "scalar" -> data.path("result");
            default -> throw new PrometheusException("Prometheus at " + displayUrl + " answered a " + type + ", not a number");
        };
        if (sample == null || sample.size() != 2) {
            return OptionalDouble.empty();
        }
        double value;
        try {
            value = Double.parseDouble(sample.get(1).asText());
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
        return Double.isNaN(value) || Double.isInfinite(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            return cause != null && cause.getMessage() != null ? cause.getMessage() : e.getClass().getSimpleName();
        }
        return message;
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_ERROR_TEXT ? oneLine : oneLine.substring(0, MAX_ERROR_TEXT) + "...";
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return URI.create(uri.getScheme() + "://" + uri.getHost() + port + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    }
}
