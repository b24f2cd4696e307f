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

/** A request filter for the embedded server noting when each Knative Service was first written successfully. */
final class AppliedTimes implements UnaryOperator<Dispatcher> {
    private static final String SERVICES = "/apis/serving.knative.dev/v1/namespaces/";
    private final Map<String, Long> firstWrite = new ConcurrentHashMap<>();

    @Override
    public Dispatcher apply(Dispatcher store) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                MockResponse response = store.dispatch(request);
                if (!"GET".equals(request.getMethod()) && response.code() / 100 == 2
                        && request.getPath().startsWith(SERVICES) && request.getPath().contains("/services")
                        && !request.getPath().contains("/status")) {
                    note(response);
                }
                return response;
            }

            @Override
            public void shutdown() {
                store.shutdown();
            }
        };
    }

    private void note(MockResponse response) {
        long now = System.nanoTime();
        try {
            // getBytes leaves the body in place for the client
            JsonNode object = Serialization.jsonMapper().readTree(response.getBody().getBytes());
            String name = object.path("metadata").path("name").asText("");
            if (!name.isEmpty()) {
                firstWrite.putIfAbsent(name, now);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the embedded server answered a write with something not JSON", e);
        }
    }

    /** System.nanoTime() of the first successful write of the named Service, or null. */
    Long of(String name) {
        return firstWrite.get(name);
    }
}
