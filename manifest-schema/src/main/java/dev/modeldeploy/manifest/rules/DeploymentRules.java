package dev.modeldeploy.manifest.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.manifest.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The checks on a ModelDeployment that JSON Schema cannot express: quantities, limits against requests,
 * replica bounds against each other, Kubernetes label syntax. Reads the JSON tolerantly (a value of the wrong
 * type is skipped; the schema reports it).
 */
public final class DeploymentRules {
    /** Defaults applied when a manifest leaves an entry out; see the schema's descriptions. */
    public static final String DEFAULT_REQUEST_CPU = "125m";
    public static final String DEFAULT_REQUEST_MEMORY = "128Mi";
    public static final String DEFAULT_LIMIT_CPU = "250m";
    public static final String DEFAULT_LIMIT_MEMORY = "256Mi";
    public static final int DEFAULT_MIN_REPLICAS = 0;
    public static final int DEFAULT_PROBE_DELAY = 2;
    public static final String ROLE_PREFIX = "role-";

    private static final FieldPath SPEC = FieldPath.of("spec");
    private static final FieldPath RESOURCES = SPEC.field("resources");
    private static final List<String> RESOURCE_NAMES = List.of("cpu", "memory", "gpu");

    private DeploymentRules() {
    }

    public static List<Problem> check(JsonNode document) {
        List<Problem> problems = new ArrayList<>(0);
        JsonNode spec = document.path("spec");
        checkResources(spec.path("resources"), problems);
        checkReplicas(spec, problems);
        JsonNode roleName = spec.path("roleName");
        if (roleName.isTextual()) {
            KubernetesNames.labelValueError(roleName.asText())
                    .ifPresent(message -> problems.add(Problem.atValue(SPEC.field("roleName"), "roleName " + message)));
        }
        checkNodeSelector(spec.path("nodeSelector"), problems);
        JsonNode annotations = spec.path("annotations");
        if (annotations.isObject()) {
            for (Iterator<String> keys = annotations.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                KubernetesNames.qualifiedNameError(key, "annotation key")
                        .ifPresent(message -> problems.add(Problem.atKey(SPEC.field("annotations").field(key), message)));
            }
        }
        return problems;
    }

    private static void checkResources(JsonNode resources, List<Problem> problems) {
        if (!resources.isObject()) {
            return;
        }
        JsonNode requests = resources.path("requests");
        JsonNode limits = resources.path("limits");
        for (String name : RESOURCE_NAMES) {
            BigDecimal request = quantity(requests.get(name), RESOURCES.field("requests").field(name), name, problems);
            BigDecimal limit = quantity(limits.get(name), RESOURCES.field("limits").field(name), name, problems);
            compareLimitToRequest(name, requests.get(name), request, limits.get(name), limit, problems);
        }
    }

    /** The parsed value, or null when absent or wrong (a problem is then recorded if it is the quantity's fault). */
    private static BigDecimal quantity(JsonNode value, FieldPath path, String name, List<Problem> problems) {
        if (value == null || !(value.isTextual() || value.isNumber())) {
            return null;
        }
        BigDecimal parsed;
        try {
            if (value.isTextual()) {
                parsed = Quantity.parse(value.asText());
            } else if (value.isFloatingPointNumber() && !Double.isFinite(value.asDouble())) {
                throw new IllegalArgumentException("'" + value.asText() + "' is not a quantity");
            } else {
                parsed = value.decimalValue();
            }
        } catch (IllegalArgumentException e) {
            problems.add(Problem.atValue(path, e.getMessage()));
            return null;
        }
        if (parsed.signum() < 0) {
            problems.add(Problem.atValue(path, name + " must not be negative"));
            return null;
        }
        if (name.equals("gpu") && parsed.stripTrailingZeros().scale() > 0) {
            problems.add(Problem.atValue(path, "gpu must be a whole number of GPUs"));
            return null;
        }
        return parsed;
    }

    /**
     * Kubernetes rejects a pod whose request exceeds its limit, so compare what will be applied: a side left out
     * takes its default. Reported at the limit when the manifest gives one, else at the request that exceeds the
     * default limit.
     */
    private static void compareLimitToRequest(String name, JsonNode requestNode, BigDecimal request,
                                              JsonNode limitNode, BigDecimal limit, List<Problem> problems) {
        boolean requestGiven = requestNode != null;
        boolean limitGiven = limitNode != null;
        if ((requestGiven && request == null) || (limitGiven && limit == null) || (!requestGiven && !limitGiven)) {
            return;
        }
        String requestText = requestGiven ? requestNode.asText() : defaultRequest(name);
        String limitText = limitGiven ? limitNode.asText() : defaultLimit(name);
        if (requestText == null || limitText == null) {
            return; // gpu has no default: nothing to compare against
        }
        BigDecimal effectiveRequest = requestGiven ? request : Quantity.parse(requestText);
        BigDecimal effectiveLimit = limitGiven ? limit : Quantity.parse(limitText);
        if (effectiveLimit.compareTo(effectiveRequest) >= 0) {
            return;
        }
        if (limitGiven) {
            problems.add(Problem.atValue(RESOURCES.field("limits").field(name), name + " limit " + limitText + " is below the "
                    + (requestGiven ? "" : "default ") + "request " + requestText));
        } else {
            problems.add(Problem.atValue(RESOURCES.field("requests").field(name), name + " request " + requestText
                    + " is above the default limit " + limitText + "; set resources.limits." + name + " too"));
        }
    }

    private static String defaultRequest(String name) {
        return switch (name) {
            case "cpu" -> DEFAULT_REQUEST_CPU;
            case "memory" -> DEFAULT_REQUEST_MEMORY;
            default -> null;
        };
    }

    private static String defaultLimit(String name) {
        return switch (name) {
            case "cpu" -> DEFAULT_LIMIT_CPU;
            case "memory" -> DEFAULT_LIMIT_MEMORY;
            default -> null;
        };
    }

    private static void checkReplicas(JsonNode spec, List<Problem> problems) {
        JsonNode min = spec.get("minReplicas");
        JsonNode max = spec.get("maxReplicas");
        if (min != null && max != null && min.isIntegralNumber() && max.isIntegralNumber()
                && max.asLong() < min.asLong() && max.asLong() >= 1 && min.asLong() >= 0) {
            problems.add(Problem.atValue(SPEC.field("maxReplicas"), "maxReplicas " + max.asText()
                    + " is below minReplicas " + min.asText()));
        }
    }

    private static void checkNodeSelector(JsonNode nodeSelector, List<Problem> problems) {
        if (!nodeSelector.isObject()) {
            return;
        }
        FieldPath base = SPEC.field("nodeSelector");
        for (Iterator<Map.Entry<String, JsonNode>> it = nodeSelector.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            FieldPath path = base.field(entry.getKey());
            KubernetesNames.qualifiedNameError(entry.getKey(), "label key")
                    .ifPresent(message -> problems.add(Problem.atKey(path, message)));
            if (entry.getValue().isTextual()) {
                KubernetesNames.labelValueError(entry.getValue().asText())
                        .ifPresent(message -> problems.add(Problem.atValue(path, message)));
            }
        }
    }
}
