package dev.modeldeploy.embedded;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Sits in front of the embedded server's CRUD dispatcher and sees every HTTP request: records the writes
 * (anything but GET) and answers chosen requests with an error status before they reach the store.
 */
public final class ApiRecorder implements UnaryOperator<Dispatcher> {
    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<Captured> applies = new CopyOnWriteArrayList<>();
    private volatile boolean down;
    private volatile boolean answerApply;

    /** A server-side apply request as the client sent it. */
    public record Captured(String path, String contentType, String body) {
    }

    /** A write as "METHOD path", and the User-Agent of the client that sent it. */
    private record Write(String request, String userAgent) {
    }

    private record Fault(String method, String pathPart, int status, AtomicInteger remaining) {
    }

    @Override
    public Dispatcher apply(Dispatcher store) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String method = request.getMethod();
                String path = request.getPath();
                if (!"GET".equals(method)) {
                    writes.add(new Write(method + " " + path, String.valueOf(request.getHeader("User-Agent"))));
                }
                if (down && !path.contains("watch=true")) {
                    return error(503, "the test took the API server down");
                }
                String contentType = request.getHeader("Content-Type");
                if (answerApply && "PATCH".equals(method) && contentType != null && contentType.contains("apply-patch")) {
                    String body = request.getUtf8Body();
                    applies.add(new Captured(path, contentType, body));
                    return echo(body);
                }
                for (Fault fault : faults) {
                    if (fault.method().equals(method) && path.contains(fault.pathPart())
                            && fault.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        return error(fault.status(), "injected by the test");
                    }
                }
                return store.dispatch(request);
            }

            @Override
            public void shutdown() {
                store.shutdown();
            }
        };
    }

    /** The next `times` requests with this method whose path contains pathPart get this status. */
    public ApiRecorder fail(String method, String pathPart, int status, int times) {
        faults.add(new Fault(method, pathPart, status, new AtomicInteger(times)));
        return this;
    }

    /** Every request but watches gets 503 while down (a crashed or unreachable API server). */
    public void down(boolean value) {
        down = value;
    }

    /**
     * The mock API server cannot do server-side apply (404 or 415); from now on such requests are recorded and
     * answered here with the applied object itself, as a real server would answer an apply it fully accepted.
     */
    public void answerServerSideApply() {
        answerApply = true;
    }

    public List<Captured> applies() {
        return new ArrayList<>(applies);
    }

    public List<String> writes() {
        return writes.stream().map(Write::request).toList();
    }

    /** The writes whose client named itself with this text in its User-Agent (a daemon replica's name, say). */
    public List<String> writesFrom(String userAgentPart) {
        return writes.stream().filter(w -> w.userAgent().contains(userAgentPart)).map(Write::request).toList();
    }

    public long writesMatching(String method, String pathPart) {
        return writes().stream().filter(w -> w.startsWith(method + " ") && w.contains(pathPart)).count();
    }

    public void clearFaults() {
        faults.clear();
    }

    public void clear() {
        writes.clear();
    }

    private static MockResponse echo(String body) {
        io.fabric8.kubernetes.api.model.GenericKubernetesResource applied = io.fabric8.kubernetes.client.utils.Serialization
                .unmarshal(body, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
        applied.getMetadata().setResourceVersion("1");
        applied.getMetadata().setUid("00000000-0000-0000-0000-00000000a991");
        return new MockResponse().setResponseCode(200)
                .setBody(io.fabric8.kubernetes.client.utils.Serialization.asJson(applied));
    }

    private static MockResponse error(int status, String message) {
        return new MockResponse().setResponseCode(status).setBody(
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + status
                        + ",\"message\":\"" + message + "\"}");
    }
}
