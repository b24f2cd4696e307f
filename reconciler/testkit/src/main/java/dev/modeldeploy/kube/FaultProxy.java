package dev.modeldeploy.kube;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on loopback in front of the real API server that answers chosen requests with an error before
 * they reach it, the way a flaky network, an overloaded server or a conflicting writer would. Everything else is
 * passed through unchanged. It does not carry watches: informers talk to the server directly.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "expect", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-authorization", "proxy-connection");

    private final HttpServer server;
    private final HttpClient upstream;
    private final URI target;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<String> injected = new CopyOnWriteArrayList<>();

    private record Fault(String method, String pathPart, int status, AtomicInteger remaining) {
    }

    public FaultProxy(String targetUrl, String caPem) {
        this.target = URI.create(targetUrl);
        this.upstream = TrustingHttp.client(caPem);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the fault proxy: " + e.getMessage(), e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "fault-proxy");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next `times` requests with this method whose path contains pathPart get this status. */
    public FaultProxy fail(String method, String pathPart, int status, int times) {
        faults.add(new Fault(method, pathPart, status, new AtomicInteger(times)));
        return this;
    }

    public void clearFaults() {
        faults.clear();
    }

    /** The requests answered with an injected error, as "METHOD path"; they never reached the server. */
    public List<String> injected() {
        return List.copyOf(injected);
    }

    public void clearInjected() {
        injected.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().toString();
            for (Fault fault : faults) {
                if (fault.method().equals(method) && path.contains(fault.pathPart())
                        && fault.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    injected.add(method + " " + path);
                    respondWithStatus(exchange, fault.status());
                    return;
                }
            }
            forward(exchange, method, path);
        }
    }

    private void forward(HttpExchange exchange, String method, String path) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respondWithStatus(exchange, 502);
            return;
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    /** A Status object as the API server writes one, so the client reads the code and reason as it would. */
    private static void respondWithStatus(HttpExchange exchange, int code) throws IOException {
        byte[] status = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"injected by the test's fault proxy\",\"code\":" + code + "}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, status.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(status);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
