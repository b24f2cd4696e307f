package dev.modeldeploy.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Iterator;
import java.util.Map;

/**
 * fabric8's CRUD dispatcher with its JSON merge patch made to follow RFC 7386, as a real API server does: the
 * mock (7.5.2) merges with Jackson's readerForUpdating, which stores a null field as null instead of deleting it
 * and appends to lists instead of replacing them. Here a merge patch is applied to the stored object per the RFC
 * and handed to the mock as the equivalent JSON patch, so the mock still does its resourceVersion checks,
 * generation bumps and watch events. Writes are serialised so the object cannot change between reading it and
 * patching it.
 */
final class StandardMergePatchDispatcher extends IndexedCrudDispatcher {
    private final Object writes = new Object();

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        synchronized (writes) {
            String contentType = request.getHeader("Content-Type");
            if (contentType == null || !contentType.contains("merge-patch")) {
                return super.handlePatch(request);
            }
            // reading a request body consumes it, so the mock gets a copy in every case
            String body = request.getUtf8Body();
            JsonNode patch;
            JsonNode current;
            Map.Entry<AttributeSet, String> stored = findResource(getKey(request.getPath()));
            try {
                patch = Serialization.jsonMapper().readTree(body);
                if (stored == null || !patch.isObject()) {
                    return super.handlePatch(copy(request, request.getHeaders(), body));
                }
                current = Serialization.jsonMapper().readTree(stored.getValue());
            } catch (JsonProcessingException e) {
                return super.handlePatch(copy(request, request.getHeaders(), body));
            }
            JsonNode merged = MergePatch.apply(current, patch);
            return super.handlePatch(copy(request,
                    request.getHeaders().newBuilder().set("Content-Type", "application/json-patch+json").build(),
                    topLevelReplacement(current, merged).toString()));
        }
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        synchronized (writes) {
            return super.handleCreate(request);
        }
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        synchronized (writes) {
            return super.handleUpdate(request);
        }
    }

    @Override
    public MockResponse handleDelete(String path) {
        synchronized (writes) {
            return super.handleDelete(path);
        }
    }

    private static RecordedRequest copy(RecordedRequest request, Headers headers, String body) {
        return new RecordedRequest(request.getRequestLine(), request.method(), request.getPath(), headers,
                new Buffer().writeUtf8(body));
    }

    /** A JSON patch that turns current into merged by replacing, adding or removing whole top-level fields. */
    private static ArrayNode topLevelReplacement(JsonNode current, JsonNode merged) {
        ArrayNode ops = JsonNodeFactory.instance.arrayNode();
        for (Iterator<String> it = current.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!merged.has(field)) {
                ops.addObject().put("op", "remove").put("path", "/" + escape(field));
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = merged.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().equals(current.get(field.getKey()))) {
                ops.addObject().put("op", current.has(field.getKey()) ? "replace" : "add")
                        .put("path", "/" + escape(field.getKey())).set("value", field.getValue());
            }
        }
        return ops;
    }

    private static String escape(String field) {
        return field.replace("~", "~0").replace("/", "~1");
    }
}
