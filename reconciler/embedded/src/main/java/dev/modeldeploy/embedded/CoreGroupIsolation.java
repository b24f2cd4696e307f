package dev.modeldeploy.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Keeps core-group paths ({@code /api/v1/...}) to core objects. fabric8's mock keys a core path by version and
 * plural only, so {@code /api/v1/namespaces/ns/services} would also match Knative Services (serving.knative.dev/v1
 * services): kubectl would list them as core Services, and {@code kubectl delete svc wine} would delete the Knative
 * Service. Here a core list leaves out objects of other groups, and a read or write of one named object of another
 * group through a core path is answered 404, as a real API server would. Watches are passed through unfiltered, and
 * a core object that shares its namespace, plural and name with an object of another group is not told apart.
 */
final class CoreGroupIsolation extends Dispatcher {
    private static final String CORE = "/api/v1/";

    private final Dispatcher store;

    CoreGroupIsolation(Dispatcher store) {
        this.store = store;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String full = request.getPath();
        if (!full.startsWith(CORE) || full.contains("watch=true") || full.contains("watch=1")) {
            return store.dispatch(request);
        }
        String path = full.contains("?") ? full.substring(0, full.indexOf('?')) : full;
        String[] segments = path.substring(CORE.length()).split("/");
        // namespaces/<ns>/<plural>/<name>[/<sub>] or <plural>/<name>[/<sub>]
        boolean namespaced = segments.length >= 3 && segments[0].equals("namespaces");
        boolean named = segments.length >= (namespaced ? 4 : 2);
        if (!named) {
            MockResponse response = store.dispatch(request);
            return "GET".equals(request.getMethod()) ? onlyCore(response) : response;
        }
        String objectPath = "/api/v1/" + String.join("/", Arrays.copyOf(segments, namespaced ? 4 : 2));
        if (!"GET".equals(request.getMethod()) || !path.equals(objectPath)) {
            MockResponse stored = store.dispatch(new RecordedRequest(request.getHttpVersion(),
                    HttpMethod.GET, objectPath, request.getHeaders(), new Buffer()));
            if (stored.code() == 200 && !isCore(body(stored))) {
                return notFound();
            }
            return store.dispatch(request);
        }
        MockResponse response = store.dispatch(request);
        if (response.code() == 200 && !isCore(body(response))) {
            return notFound();
        }
        return response;
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }

    private static MockResponse onlyCore(MockResponse response) {
        if (response.code() != 200) {
            return response;
        }
        JsonNode list = body(response);
        if (list == null || !list.path("items").isArray()) {
            return response;
        }
        boolean removed = false;
        for (Iterator<JsonNode> items = ((ArrayNode) list.get("items")).elements(); items.hasNext(); ) {
            if (!isCore(items.next())) {
                items.remove();
                removed = true;
            }
        }
        return removed ? response.setBody(list.toString()) : response;
    }

    private static boolean isCore(JsonNode object) {
        return object == null || !object.has("apiVersion") || "v1".equals(object.path("apiVersion").asText());
    }

    /** The response's JSON body, read without consuming it; null when it is not JSON. */
    private static JsonNode body(MockResponse response) {
        if (response.getBody() == null) {
            return null;
        }
        try {
            return Serialization.jsonMapper().readTree(response.getBody().getBytes());
        } catch (IOException e) {
            return null;
        }
    }

    /** As the store answers a missing object; {@link DiscoveryDispatcher} adds the Status naming it. */
    private static MockResponse notFound() {
        return new MockResponse().setResponseCode(404);
    }
}
