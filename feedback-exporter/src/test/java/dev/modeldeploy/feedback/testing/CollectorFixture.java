package dev.modeldeploy.feedback.testing;

import dev.modeldeploy.feedback.FeedbackConfig;
import dev.modeldeploy.feedback.FeedbackService;
import dev.modeldeploy.feedback.bucket.Bucket;
import dev.modeldeploy.feedback.collect.FeedbackServer;
import dev.modeldeploy.feedback.collect.RequestCheck;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;

/** A collector on a loopback ephemeral port over a given bucket and clock, with a small HTTP client. */
public final class CollectorFixture implements AutoCloseable {
    private final FeedbackService service;
    private final FeedbackServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    public CollectorFixture(FeedbackConfig config, Bucket bucket, Clock clock, RequestCheck check) throws IOException {
        this(config, bucket, clock, check, new SimpleMeterRegistry());
    }

    public CollectorFixture(FeedbackConfig config, Bucket bucket, Clock clock, RequestCheck check, MeterRegistry registry) throws IOException {
        service = FeedbackService.open(config, registry, bucket, clock);
        server = FeedbackServer.start("127.0.0.1", 0, service.routes(check), null);
    }

    public FeedbackService service() {
        return service;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public HttpResponse<String> post(String path, Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, Map<String, String> headers, String body) throws IOException, InterruptedException {
        return post(path, headers, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        server.close();
        service.close();
    }
}
