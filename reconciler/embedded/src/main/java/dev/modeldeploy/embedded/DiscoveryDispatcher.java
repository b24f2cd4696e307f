package dev.modeldeploy.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the embedded API server usable with kubectl: answers the discovery requests ({@code /api}, {@code /apis},
 * {@code /apis/<group>}, each group-version's resource list) from the {@link ApiCatalog}, serves an OpenAPI v2
 * document, and turns the store's lists and objects into a meta.k8s.io Table when kubectl asks for one. Everything
 * else goes to the store unchanged.
 *
 * <p>Discovery is the unaggregated kind, in plain JSON: a kubectl that asks for aggregated discovery first gets
 * that JSON and reads it as the unaggregated format, as it does with any server that does not aggregate. The
 * OpenAPI v2 document holds no definitions: this server validates nothing, and kubectl skips client-side schema
 * validation for kinds the document does not describe (so {@code kubectl edit} works). {@code /openapi/v3} answers
 * 404, which makes kubectl fall back to v2.
 */
final class DiscoveryDispatcher extends Dispatcher {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** kubectl asks for application/com.github.proto-openapi.spec.v2@v1.0+protobuf but cannot parse that name back. */
    private static final String OPENAPI_V2_PROTOBUF = "application/octet-stream";
    /** An openapi_v2.Document with only {@code swagger: "2.0"} (field 1, length-delimited). */
    private static final byte[] EMPTY_OPENAPI_V2 = {0x0A, 0x03, '2', '.', '0'};
    private static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

    private final Dispatcher store;
    private final ApiCatalog catalog;
    private final Map<ApiCatalog.Resource, TableView> tables = new HashMap<>();

    DiscoveryDispatcher(Dispatcher store, ApiCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
        for (ApiCatalog.Group group : catalog.groups()) {
            for (ApiCatalog.Version version : group.versions()) {
                for (ApiCatalog.Resource resource : version.resources()) {
                    tables.put(resource, new TableView(resource));
                }
            }
        }
    }

    /** A list or one named object of a catalog resource, as addressed by a request path. */
    private record Target(String group, ApiCatalog.Resource resource, String name) {
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String full = request.getPath();
        int query = full.indexOf('?');
        String path = query < 0 ? full : full.substring(0, query);
        String[] segments = path.replaceAll("^/+|/+$", "").split("/");
        Optional<Target> target = target(segments);
        if (!"GET".equals(request.getMethod())) {
            return explainNotFound(store.dispatch(request), target);
        }
        Map<String, String> parameters = query < 0 ? Map.of() : parameters(full.substring(query + 1));
        Optional<MockResponse> discovery = discovery(path, segments, request.getHeader("Accept"));
        if (discovery.isPresent()) {
            return discovery.get();
        }
        String table = tableVersion(request.getHeader("Accept"));
        MockResponse response = explainNotFound(store.dispatch(request), target);
        if (table == null || "true".equals(parameters.get("watch")) || target.isEmpty() || response.code() != 200
                || response.getBody() == null) {
            return response;
        }
        try {
            JsonNode body = Serialization.jsonMapper().readTree(response.getBody().readUtf8());
            TableView.IncludeObject include = switch (parameters.getOrDefault("includeObject", "Metadata")) {
                case "None" -> TableView.IncludeObject.NONE;
                case "Object" -> TableView.IncludeObject.OBJECT;
                default -> TableView.IncludeObject.METADATA;
            };
            return json(200, tables.get(target.get().resource()).of(body, table, include, Instant.now()));
        } catch (JsonProcessingException e) {
            return json(500, status(500, "InternalError", "the stored object is not JSON: " + e.getOriginalMessage()));
        }
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }

    private Optional<MockResponse> discovery(String path, String[] segments, String accept) {
        if (path.equals("/api") || path.equals("/api/")) {
            ObjectNode versions = JSON.objectNode().put("kind", "APIVersions");
            ArrayNode list = versions.putArray("versions");
            catalog.group("").ifPresent(core -> core.versions().forEach(v -> list.add(v.version())));
            versions.putArray("serverAddressByClientCIDRs");
            return Optional.of(json(200, versions));
        }
        if (path.equals("/apis") || path.equals("/apis/")) {
            ObjectNode groups = JSON.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
            ArrayNode list = groups.putArray("groups");
            catalog.groups().stream().filter(g -> !g.group().isEmpty()).forEach(g -> list.add(group(g)));
            return Optional.of(json(200, groups));
        }
        if (segments.length == 2 && segments[0].equals("api")) {
            return Optional.of(resourceList("", segments[1]));
        }
        if (segments.length == 2 && segments[0].equals("apis")) {
            return Optional.of(catalog.group(segments[1]).map(g -> json(200, group(g)))
                    .orElseGet(DiscoveryDispatcher::notFound));
        }
        if (segments.length == 3 && segments[0].equals("apis")) {
            return Optional.of(resourceList(segments[1], segments[2]));
        }
        if (path.equals("/openapi/v2")) {
            if (accept != null && accept.contains("protobuf")) {
                return Optional.of(new MockResponse().setResponseCode(200)
                        .setHeader("Content-Type", OPENAPI_V2_PROTOBUF).setBody(EMPTY_OPENAPI_V2));
            }
            ObjectNode document = JSON.objectNode().put("swagger", "2.0");
            document.putObject("info").put("title", "modeldeploy embedded API server").put("version", "v1");
            document.putObject("paths");
            document.putObject("definitions");
            return Optional.of(json(200, document));
        }
        if (path.equals("/openapi/v3") || path.startsWith("/openapi/v3/")) {
            return Optional.of(notFound());
        }
        return Optional.empty();
    }

    private MockResponse resourceList(String group, String version) {
        return catalog.version(group, version).map(v -> {
            ObjectNode list = JSON.objectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                    .put("groupVersion", group.isEmpty() ? version : group + "/" + version);
            ArrayNode resources = list.putArray("resources");
            for (ApiCatalog.Resource r : v.resources()) {
                ObjectNode entry = resources.addObject().put("name", r.plural()).put("singularName", r.singular())
                        .put("namespaced", r.namespaced()).put("kind", r.kind());
                strings(entry.putArray("verbs"), VERBS);
                if (!r.shortNames().isEmpty()) {
                    strings(entry.putArray("shortNames"), r.shortNames());
                }
                if (!r.categories().isEmpty()) {
                    strings(entry.putArray("categories"), r.categories());
                }
                if (r.statusSubresource()) {
                    ObjectNode status = resources.addObject().put("name", r.plural() + "/status").put("singularName", "")
                            .put("namespaced", r.namespaced()).put("kind", r.kind());
                    strings(status.putArray("verbs"), STATUS_VERBS);
                }
            }
            return json(200, list);
        }).orElseGet(DiscoveryDispatcher::notFound);
    }

    private static ObjectNode group(ApiCatalog.Group group) {
        ObjectNode node = JSON.objectNode().put("kind", "APIGroup").put("apiVersion", "v1").put("name", group.group());
        ArrayNode versions = node.putArray("versions");
        for (ApiCatalog.Version version : group.versions()) {
            versions.addObject().put("groupVersion", group.group() + "/" + version.version())
                    .put("version", version.version());
        }
        node.putObject("preferredVersion").put("groupVersion", group.group() + "/" + group.preferred().version())
                .put("version", group.preferred().version());
        return node;
    }

    /**
     * The store answers a missing object with an empty 404; kubectl then prints "the server could not find the
     * requested resource". A real API server names what is missing, and so does this.
     */
    private static MockResponse explainNotFound(MockResponse response, Optional<Target> target) {
        boolean hasBody = response.getBody() != null && response.getBody().size() > 0;
        if (response.code() != 404 || hasBody || target.isEmpty() || target.get().name() == null) {
            return response;
        }
        Target missing = target.get();
        String resource = missing.group().isEmpty()
                ? missing.resource().plural() : missing.resource().plural() + "." + missing.group();
        ObjectNode status = status(404, "NotFound", resource + " \"" + missing.name() + "\" not found");
        status.putObject("details").put("name", missing.name()).put("group", missing.group())
                .put("kind", missing.resource().plural());
        return json(404, status);
    }

    /** The catalog resource a list or one object (not a subresource) path is about. */
    private Optional<Target> target(String[] segments) {
        int base;
        String group;
        if (segments.length >= 3 && segments[0].equals("api")) {
            base = 2;
            group = "";
        } else if (segments.length >= 4 && segments[0].equals("apis")) {
            base = 3;
            group = segments[1];
        } else {
            return Optional.empty();
        }
        String version = segments[base - 1];
        int rest = segments.length - base;
        boolean namespaced = rest >= 3 && segments[base].equals("namespaces");
        int plural = namespaced ? base + 2 : base;
        int afterPlural = segments.length - plural - 1;
        if (afterPlural > 1) {
            return Optional.empty();
        }
        String name = afterPlural == 1 ? segments[plural + 1] : null;
        return catalog.resource(group, version, segments[plural]).filter(r -> r.namespaced() || !namespaced)
                .map(r -> new Target(group, r, name));
    }

    /** v1 or v1beta1 when the Accept header asks for a meta.k8s.io Table, else null. */
    private static String tableVersion(String accept) {
        if (accept == null) {
            return null;
        }
        for (String type : accept.split(",")) {
            if (type.contains("as=Table") && type.contains("g=meta.k8s.io")) {
                return type.contains("v=v1beta1") ? "v1beta1" : "v1";
            }
        }
        return null;
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.put(name, value);
        }
        return parameters;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static MockResponse notFound() {
        return json(404, status(404, "NotFound", "the server could not find the requested resource"));
    }

    private static ObjectNode status(int code, String reason, String message) {
        ObjectNode status = JSON.objectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        return status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
    }

    private static MockResponse json(int code, JsonNode body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(body.toString());
    }
}
