package dev.modeldeploy.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.render.ManagedLabels;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What people care about in one manifest, read back from its rendered (or live) objects, so the same reading
 * works for base, head and the cluster: image, model, replicas range, resources, node selector, pull secret,
 * roles for a deployment; URL prefix, traffic weights per target (per header rule) and mirror for a route.
 *
 * @param values  label → value, in reading order
 * @param traffic label ("traffic", or "traffic for header ...") → deployment id → weight in percent
 */
record ManifestFacts(Map<String, String> values, Map<String, Map<String, Integer>> traffic) {
    static final String KNATIVE_API = "serving.knative.dev/v1";
    static final String ISTIO_NETWORKING_API = "networking.istio.io/v1";
    static final String ISTIO_SECURITY_API = "security.istio.io/v1";
    private static final String MIN_SCALE = "autoscaling.knative.dev/min-scale";
    private static final String MAX_SCALE = "autoscaling.knative.dev/max-scale";
    private static final String MODEL_CONTAINER = "model";
    private static final String MIRROR_ENTRY = "mirror";
    private static final String DEFAULT_ENTRY = "default";

    static final ManifestFacts NONE = new ManifestFacts(Map.of(), Map.of());

    /**
     * @param objects             one manifest's objects (normalized)
     * @param deploymentByService Knative Service name → deployment id on the same side, to name traffic targets
     * @param adminRole           the role every model admits; left out of the roles shown
     */
    static ManifestFacts of(String ownerKind, List<ObjectNode> objects, Map<String, String> deploymentByService,
                            String adminRole) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> traffic = new LinkedHashMap<>();
        if ("ModelRoute".equals(ownerKind)) {
            readRoute(objects, deploymentByService, values, traffic);
        } else {
            readDeployment(objects, adminRole, values);
        }
        return new ManifestFacts(values, traffic);
    }

    /** Knative Service name → deployment id, from the Knative Services among the objects. */
    static Map<String, String> deploymentsByService(List<ObjectNode> objects) {
        Map<String, String> byService = new LinkedHashMap<>();
        for (ObjectNode object : objects) {
            String id = ObjectTrees.label(object, ManagedLabels.DEPLOYMENT_ID);
            if (isKnativeService(object) && id != null) {
                byService.put(ObjectTrees.name(object), id);
            }
        }
        return byService;
    }

    private static void readDeployment(List<ObjectNode> objects, String adminRole, Map<String, String> values) {
        for (ObjectNode object : objects) {
            if (isKnativeService(object)) {
                JsonNode template = object.path("spec").path("template");
                JsonNode container = modelContainer(template.path("spec").path("containers"));
                putText(values, "image", container.path("image"));
                JsonNode annotations = template.path("metadata").path("annotations");
                if (annotations.has(MIN_SCALE) || annotations.has(MAX_SCALE)) {
                    values.put("replicas", annotations.path(MIN_SCALE).asText("?") + "-"
                            + annotations.path(MAX_SCALE).asText("?"));
                }
                String resources = resources(container.path("resources"));
                if (!resources.isEmpty()) {
                    values.put("resources", resources);
                }
                String selector = pairs(template.path("spec").path("nodeSelector"));
                if (!selector.isEmpty()) {
                    values.put("node selector", selector);
                }
                List<String> pullSecrets = new ArrayList<>();
                template.path("spec").path("imagePullSecrets").forEach(s -> pullSecrets.add(s.path("name").asText()));
                if (!pullSecrets.isEmpty()) {
                    values.put("image pull secret", String.join(", ", pullSecrets));
                }
            }
        }
        for (ObjectNode object : objects) {
            if (isVirtualService(object)) {
                for (JsonNode http : object.path("spec").path("http")) {
                    JsonNode set = http.path("headers").path("response").path("set");
                    if (set.has("model-name")) {
                        values.putIfAbsent("model", set.path("model-name").asText() + " "
                                + set.path("model-version").asText("?"));
                    }
                }
            }
        }
        for (ObjectNode object : objects) {
            if (ISTIO_SECURITY_API.equals(ObjectTrees.apiVersion(object))
                    && "AuthorizationPolicy".equals(ObjectTrees.kind(object))) {
                List<String> roles = new ArrayList<>();
                for (JsonNode rule : object.path("spec").path("rules")) {
                    for (JsonNode condition : rule.path("when")) {
                        if (condition.path("key").asText().startsWith("request.auth.claims")) {
                            condition.path("values").forEach(v -> {
                                if (!v.asText().equals(adminRole) && !roles.contains(v.asText())) {
                                    roles.add(v.asText());
                                }
                            });
                        }
                    }
                }
                values.put("roles", roles.isEmpty() ? "admin role only" : String.join(", ", roles));
            }
        }
    }

    private static void readRoute(List<ObjectNode> objects, Map<String, String> deploymentByService,
                                  Map<String, String> values, Map<String, Map<String, Integer>> traffic) {
        String mirrorTarget = null;
        for (ObjectNode object : objects) {
            if (isVirtualService(object)) {
                for (JsonNode http : object.path("spec").path("http")) {
                    if (MIRROR_ENTRY.equals(http.path("name").asText())) {
                        String authority = http.path("rewrite").path("authority").asText(null);
                        mirrorTarget = authority == null ? null : target(authority, deploymentByService);
                    }
                }
            }
        }
        for (ObjectNode object : objects) {
            if (!isVirtualService(object)) {
                continue;
            }
            for (JsonNode http : object.path("spec").path("http")) {
                String entry = http.path("name").asText("");
                if (MIRROR_ENTRY.equals(entry)) {
                    continue;
                }
                for (JsonNode match : http.path("match")) {
                    JsonNode prefix = match.path("uri").path("prefix");
                    if (prefix.isTextual()) {
                        values.putIfAbsent("URL prefix", prefix.asText());
                    }
                }
                Map<String, Integer> weights = new LinkedHashMap<>();
                JsonNode routes = http.path("route");
                for (JsonNode route : routes) {
                    String target = target(hostOf(route), deploymentByService);
                    int weight = route.path("weight").isNumber() ? route.path("weight").asInt()
                            : routes.size() == 1 ? 100 : 0;
                    weights.merge(target, weight, Integer::sum);
                }
                if (!weights.isEmpty()) {
                    traffic.put(trafficLabel(entry, http.path("match")), weights);
                }
                if (http.has("mirror")) {
                    JsonNode percentage = http.path("mirrorPercentage").path("value");
                    String share = percentage.isNumber() && percentage.asDouble() != 100.0
                            ? " (" + trimNumber(percentage.asDouble()) + "% of requests)" : "";
                    values.put("mirror", (mirrorTarget == null ? "mirrored" : mirrorTarget) + share);
                }
            }
        }
    }

    /** "traffic" for the default entry; for a header rule, the headers it matches. */
    private static String trafficLabel(String entry, JsonNode matches) {
        if (entry.isEmpty() || DEFAULT_ENTRY.equals(entry)) {
            return "traffic";
        }
        List<String> conditions = new ArrayList<>();
        for (JsonNode match : matches) {
            for (Iterator<Map.Entry<String, JsonNode>> it = match.path("headers").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                JsonNode how = header.getValue();
                String condition = how.has("exact") ? " = " + how.path("exact").asText()
                        : how.has("prefix") ? " starts with " + how.path("prefix").asText()
                        : how.has("regex") ? " matches " + how.path("regex").asText() : "";
                conditions.add(header.getKey() + condition);
            }
        }
        return conditions.isEmpty() ? "traffic for " + entry : "traffic for header " + String.join(" and ", conditions);
    }

    /** The host a route entry reaches: the Host header it sets for the local gateway, else its destination. */
    private static String hostOf(JsonNode route) {
        for (Iterator<Map.Entry<String, JsonNode>> it = route.path("headers").path("request").path("set").fields();
             it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            if (header.getKey().toLowerCase(Locale.ROOT).equals("host")) {
                return header.getValue().asText();
            }
        }
        return route.path("destination").path("host").asText("?");
    }

    private static String target(String host, Map<String, String> deploymentByService) {
        int dot = host.indexOf('.');
        String service = dot < 0 ? host : host.substring(0, dot);
        return deploymentByService.getOrDefault(service, service);
    }

    private static JsonNode modelContainer(JsonNode containers) {
        for (JsonNode container : containers) {
            if (MODEL_CONTAINER.equals(container.path("name").asText())) {
                return container;
            }
        }
        return containers.path(0);
    }

    private static String resources(JsonNode resources) {
        List<String> parts = new ArrayList<>();
        for (String side : List.of("requests", "limits")) {
            String values = pairs(resources.path(side), " ");
            if (!values.isEmpty()) {
                parts.add(side + " " + values);
            }
        }
        return String.join("; ", parts);
    }

    private static String pairs(JsonNode map) {
        return pairs(map, "=");
    }

    private static String pairs(JsonNode map, String separator) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parts.add(e.getKey() + separator + e.getValue().asText());
        }
        return String.join(", ", parts);
    }

    private static void putText(Map<String, String> values, String label, JsonNode value) {
        if (value.isTextual() && !value.asText().isEmpty()) {
            values.put(label, value.asText());
        }
    }

    private static boolean isKnativeService(JsonNode object) {
        return KNATIVE_API.equals(ObjectTrees.apiVersion(object)) && "Service".equals(ObjectTrees.kind(object));
    }

    private static boolean isVirtualService(JsonNode object) {
        return ISTIO_NETWORKING_API.equals(ObjectTrees.apiVersion(object))
                && "VirtualService".equals(ObjectTrees.kind(object));
    }

    private static String trimNumber(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
