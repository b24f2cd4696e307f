package dev.modeldeploy.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.manifest.rules.DeploymentRules;
import dev.modeldeploy.manifest.rules.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the records from documents that passed every check, applying the defaults. */
final class ManifestBinder {
    private ManifestBinder() {
    }

    static ModelDeployment deployment(CheckedDocument document) {
        JsonNode spec = document.json().get("spec");
        String id = document.id();
        int minReplicas = spec.path("minReplicas").asInt(DeploymentRules.DEFAULT_MIN_REPLICAS);
        JsonNode model = spec.path("model");
        String modelName = model.path("name").isTextual() ? model.path("name").asText() : id;
        String modelVersion = "1";
        JsonNode version = model.path("version");
        if (version.isTextual()) {
            modelVersion = version.asText();
        } else if (version.isNumber()) {
            modelVersion = document.yaml().writtenText(version);
        }
        DeploymentSpec deploymentSpec = new DeploymentSpec(
                Predictor.fromManifestValue(spec.get("predictor").asText()),
                spec.get("image").asText(),
                spec.path("imagePullConnID").isTextual() ? spec.get("imagePullConnID").asText() : null,
                new Resources(
                        resourceList(document, "requests", DeploymentRules.DEFAULT_REQUEST_CPU, DeploymentRules.DEFAULT_REQUEST_MEMORY),
                        resourceList(document, "limits", DeploymentRules.DEFAULT_LIMIT_CPU, DeploymentRules.DEFAULT_LIMIT_MEMORY)),
                minReplicas,
                spec.path("maxReplicas").asInt(Math.max(1, minReplicas)),
                spec.path("livenessProbeInitialDelay").asInt(DeploymentRules.DEFAULT_PROBE_DELAY),
                spec.path("readinessProbeInitialDelay").asInt(DeploymentRules.DEFAULT_PROBE_DELAY),
                spec.path("roleName").isTextual() ? spec.get("roleName").asText() : DeploymentRules.ROLE_PREFIX + id,
                stringMap(spec.path("nodeSelector")),
                stringMap(spec.path("annotations")),
                new ModelInfo(modelName, modelVersion),
                examples(spec.path("examples")));
        return new ModelDeployment(id, deploymentSpec, document.start());
    }

    static ModelRoute route(CheckedDocument document) {
        JsonNode spec = document.json().get("spec");
        List<RouteRule> rules = new ArrayList<>();
        for (JsonNode rule : spec.path("rules")) {
            Map<String, HeaderMatch> headers = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = rule.path("match").path("headers").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                JsonNode match = header.getValue();
                headers.put(header.getKey(), new HeaderMatch(textOrNull(match, "exact"), textOrNull(match, "prefix"), textOrNull(match, "regex")));
            }
            rules.add(new RouteRule(Collections.unmodifiableMap(headers), targets(rule.path("modelDeployments"))));
        }
        RouteSpec routeSpec = new RouteSpec(spec.get("urlPrefix").asText(), targets(spec.path("modelDeployments")),
                textOrNull(spec, "mirror"), List.copyOf(rules), rollout(spec.get("rollout")));
        return new ModelRoute(document.id(), routeSpec, document.start());
    }

    private static RolloutSpec rollout(JsonNode rollout) {
        if (rollout == null || !rollout.isObject()) {
            return null;
        }
        List<Integer> steps = new ArrayList<>();
        rollout.get("steps").forEach(step -> steps.add(step.asInt()));
        Duration interval = Durations.parse(rollout.get("interval").asText()).orElseThrow();
        JsonNode analysis = rollout.path("analysis");
        JsonNode successRate = analysis.path("successRate");
        JsonNode latency = analysis.path("latency");
        JsonNode noDataTimeout = analysis.path("noDataTimeout");
        RolloutAnalysis checks = new RolloutAnalysis(
                numberOrNull(successRate, "min"),
                numberOrNull(successRate, "maxDropFromStable"),
                latency.path("percentile").asDouble(RolloutAnalysis.DEFAULT_PERCENTILE),
                numberOrNull(latency, "maxMs"),
                numberOrNull(latency, "maxRatioToStable"),
                analysis.path("minRequests").asInt(RolloutAnalysis.DEFAULT_MIN_REQUESTS),
                analysis.path("failureLimit").asInt(RolloutAnalysis.DEFAULT_FAILURE_LIMIT),
                noDataTimeout.isTextual() ? Durations.parse(noDataTimeout.asText()).orElseThrow()
                        : interval.multipliedBy(RolloutAnalysis.DEFAULT_NO_DATA_INTERVALS));
        return new RolloutSpec(rollout.get("stable").asText(), rollout.get("candidate").asText(), steps, interval, checks,
                rollout.path("abort").asBoolean(false));
    }

    private static Double numberOrNull(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && value.isNumber() ? value.asDouble() : null;
    }

    private static List<WeightedTarget> targets(JsonNode targets) {
        List<WeightedTarget> result = new ArrayList<>(targets.size());
        for (JsonNode target : targets) {
            JsonNode weight = target.get("weight");
            result.add(new WeightedTarget(target.get("mdName").asText(), weight == null ? null : weight.asInt()));
        }
        return Collections.unmodifiableList(result);
    }

    private static ResourceList resourceList(CheckedDocument document, String section, String defaultCpu, String defaultMemory) {
        JsonNode list = document.json().path("spec").path("resources").path(section);
        return new ResourceList(
                quantityText(document, list.get("cpu"), defaultCpu),
                quantityText(document, list.get("memory"), defaultMemory),
                quantityText(document, list.get("gpu"), null));
    }

    private static String quantityText(CheckedDocument document, JsonNode value, String fallback) {
        if (value == null || DeploymentRules.isUnset(value)) {
            return fallback;
        }
        return value.isTextual() ? value.asText() : document.yaml().writtenText(value);
    }

    private static Map<String, String> stringMap(JsonNode object) {
        if (!object.isObject() || object.isEmpty()) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return Collections.unmodifiableMap(map);
    }

    private static List<ApiExample> examples(JsonNode examples) {
        if (!examples.isArray() || examples.isEmpty()) {
            return List.of();
        }
        List<ApiExample> result = new ArrayList<>(examples.size());
        for (JsonNode example : examples) {
            result.add(new ApiExample(example.get("name").asText(), example.get("request"), example.get("response")));
        }
        return Collections.unmodifiableList(result);
    }

    private static String textOrNull(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
