package dev.modeldeploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A request filter for the embedded server noting, per Knative Service, when the server stored its first write
 * (applied), its first Revision, and the first status saying Ready=True: where the time from applied to Ready goes.
 */
final class AppliedTimes implements UnaryOperator<Dispatcher> {
    private static final String KNATIVE = "/apis/serving.knative.dev/v1/namespaces/";
    private final Map<String, Long> applied = new ConcurrentHashMap<>();
    private final Map<String, Long> revisionCreated = new ConcurrentHashMap<>();
    private final Map<String, Long> readyWritten = new ConcurrentHashMap<>();

    @Override
    public Dispatcher apply(Dispatcher store) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                MockResponse response = store.dispatch(request);
                String path = request.getPath();
                if (!"GET".equals(request.getMethod()) && response.code() / 100 == 2 && path.startsWith(KNATIVE)) {
                    note(path, response);
                }
                return response;
            }

            @Override
            public void shutdown() {
                store.shutdown();
            }
        };
    }

    private void note(String path, MockResponse response) {
        long now = System.nanoTime();
        JsonNode object;
        try {
            // getBytes leaves the body in place for the client
            object = Serialization.jsonMapper().readTree(response.getBody().getBytes());
        } catch (IOException e) {
            throw new IllegalStateException("the embedded server answered a write with something not JSON", e);
        }
        String name = object.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            return;
        }
        if (path.contains("/revisions")) {
            revisionCreated.putIfAbsent(object.at("/metadata/labels/serving.knative.dev~1service").asText(name), now);
        } else if (path.contains("/services")) {
            applied.putIfAbsent(name, now);
            for (JsonNode condition : object.path("status").path("conditions")) {
                if ("Ready".equals(condition.path("type").asText()) && "True".equals(condition.path("status").asText())) {
                    readyWritten.putIfAbsent(name, now);
                }
            }
        }
    }

    /** System.nanoTime() of the first successful write of the named Service, or null. */
    Long of(String name) {
        return applied.get(name);
    }

    /** The longest, over all Services, from applied to the first Revision, and to the Ready status written. */
    String breakdown() {
        return "longest from applied to its first Revision %.1f s, to Ready written %.1f s".formatted(
                longest(revisionCreated) / 1e9, longest(readyWritten) / 1e9);
    }

    private long longest(Map<String, Long> times) {
        return times.entrySet().stream().filter(e -> applied.containsKey(e.getKey()))
                .mapToLong(e -> e.getValue() - applied.get(e.getKey())).max().orElse(0);
    }
}
