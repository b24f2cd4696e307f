package dev.modeldeploy.manifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.manifest.rules.Durations;
import java.util.List;
import java.util.Map;

/**
 * Manifests back in ODAHU's shape ({@code {"kind", "id", "spec": {...}}}, ODAHU field names) with every default
 * filled in: what `validate --show-defaults` prints and what the HTTP API serves. Optional fields that are unset
 * (imagePullConnID, gpu, mirror, a weight) and empty maps and lists are left out.
 */
public final class ManifestJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ManifestJson() {
    }

    public static ObjectNode toJson(ModelDeployment deployment) {
        DeploymentSpec spec = deployment.spec();
        ObjectNode specJson = JSON.objectNode();
        specJson.put("predictor", spec.predictor().manifestValue());
        specJson.put("image", spec.image());
        putIfSet(specJson, "imagePullConnID", spec.imagePullConnID());
        ObjectNode resources = specJson.putObject("resources");
        resources.set("requests", toJson(spec.resources().requests()));
        resources.set("limits", toJson(spec.resources().limits()));
        specJson.put("minReplicas", spec.minReplicas());
        specJson.put("maxReplicas", spec.maxReplicas());
        specJson.put("livenessProbeInitialDelay", spec.livenessProbeInitialDelay());
        specJson.put("readinessProbeInitialDelay", spec.readinessProbeInitialDelay());
        specJson.put("roleName", spec.roleName());
        putMap(specJson, "nodeSelector", spec.nodeSelector());
        putMap(specJson, "annotations", spec.annotations());
        ObjectNode model = specJson.putObject("model");
        model.put("name", spec.model().name());
        model.put("version", spec.model().version());
        if (!spec.examples().isEmpty()) {
            ArrayNode examples = specJson.putArray("examples");
            for (ApiExample example : spec.examples()) {
                ObjectNode exampleJson = examples.addObject();
                exampleJson.put("name", example.name());
                exampleJson.set("request", example.request());
                if (example.response() != null) {
                    exampleJson.set("response", example.response());
                }
            }
        }
        return envelope(ModelDeployment.KIND, deployment.id(), specJson);
    }

    public static ObjectNode toJson(ModelRoute route) {
        RouteSpec spec = route.spec();
        ObjectNode specJson = JSON.objectNode();
        specJson.put("urlPrefix", spec.urlPrefix());
        specJson.set("modelDeployments", targets(spec.modelDeployments()));
        putIfSet(specJson, "mirror", spec.mirror());
        if (!spec.rules().isEmpty()) {
            ArrayNode rules = specJson.putArray("rules");
            for (RouteRule rule : spec.rules()) {
                ObjectNode ruleJson = rules.addObject();
                ObjectNode headers = ruleJson.putObject("match").putObject("headers");
                for (Map.Entry<String, HeaderMatch> header : rule.headers().entrySet()) {
                    ObjectNode match = headers.putObject(header.getKey());
                    putIfSet(match, "exact", header.getValue().exact());
                    putIfSet(match, "prefix", header.getValue().prefix());
                    putIfSet(match, "regex", header.getValue().regex());
                }
                ruleJson.set("modelDeployments", targets(rule.modelDeployments()));
            }
        }
        if (spec.rollout() != null) {
            specJson.set("rollout", toJson(spec.rollout()));
        }
        return envelope(ModelRoute.KIND, route.id(), specJson);
    }

    private static ObjectNode toJson(RolloutSpec rollout) {
        ObjectNode json = JSON.objectNode();
        json.put("stable", rollout.stable());
        json.put("candidate", rollout.candidate());
        ArrayNode steps = json.putArray("steps");
        rollout.steps().forEach(steps::add);
        json.put("interval", Durations.format(rollout.interval()));
        RolloutAnalysis checks = rollout.analysis();
        ObjectNode analysis = json.putObject("analysis");
        if (checks.checksSuccessRate()) {
            ObjectNode successRate = analysis.putObject("successRate");
            putIfSet(successRate, "min", checks.minSuccessRatePercent());
            putIfSet(successRate, "maxDropFromStable", checks.maxSuccessRateDropFromStable());
        }
        if (checks.checksLatency()) {
            ObjectNode latency = analysis.putObject("latency");
            latency.put("percentile", checks.latencyPercentile());
            putIfSet(latency, "maxMs", checks.maxLatencyMs());
            putIfSet(latency, "maxRatioToStable", checks.maxLatencyRatioToStable());
        }
        analysis.put("minRequests", checks.minRequests());
        analysis.put("failureLimit", checks.failureLimit());
        analysis.put("noDataTimeout", Durations.format(checks.noDataTimeout()));
        json.put("abort", rollout.abort());
        return json;
    }

    private static void putIfSet(ObjectNode json, String field, Double value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    private static ObjectNode envelope(String kind, String id, ObjectNode spec) {
        ObjectNode envelope = JSON.objectNode();
        envelope.put("kind", kind);
        envelope.put("id", id);
        envelope.set("spec", spec);
        return envelope;
    }

    private static ObjectNode toJson(ResourceList list) {
        ObjectNode json = JSON.objectNode();
        putIfSet(json, "cpu", list.cpu());
        putIfSet(json, "memory", list.memory());
        putIfSet(json, "gpu", list.gpu());
        return json;
    }

    private static ArrayNode targets(List<WeightedTarget> targets) {
        ArrayNode array = JSON.arrayNode(targets.size());
        for (WeightedTarget target : targets) {
            ObjectNode json = array.addObject();
            json.put("mdName", target.mdName());
            if (target.weight() != null) {
                json.put("weight", target.weight());
            }
        }
        return array;
    }

    private static void putIfSet(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    private static void putMap(ObjectNode json, String field, Map<String, String> map) {
        if (!map.isEmpty()) {
            ObjectNode object = json.putObject(field);
            map.forEach(object::put);
        }
    }
}
