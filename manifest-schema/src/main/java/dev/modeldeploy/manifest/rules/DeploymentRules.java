package dev.modeldeploy.manifest.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.manifest.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
    private static final Map<String, FieldPath> REQUEST_PATHS = Map.of(
            "cpu", RESOURCES.field("requests").field("cpu"),
            "memory", RESOURCES.field("requests").field("memory"),
            "gpu", RESOURCES.field("requests").field("gpu"));
    private static final Map<String, FieldPath> LIMIT_PATHS = Map.of(
            "cpu", RESOURCES.field("limits").field("cpu"),
            "memory", RESOURCES.field("limits").field("memory"),
            "gpu", RESOURCES.field("limits").field("gpu"));

    private DeploymentRules() {
    }

    /** writtenText gives a number node's text as written in the YAML (1e3 stays "1e3"). */
    public static List<Problem> check(JsonNode document, Function<JsonNode, String> writtenText) {
        List<Problem> problems = new ArrayList<>(0);
        JsonNode spec = document.path("spec");
        checkResources(spec.path("resources"), writtenText, problems);
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

    private static void checkResources(JsonNode resources, Function<JsonNode, String> writtenText, List<Problem> problems) {
        if (!resources.isObject()) {
            return;
        }
        JsonNode requests = resources.path("requests");
        JsonNode limits = resources.path("limits");
        for (String name : RESOURCE_NAMES) {
            String requestText = quantityText(requests.get(name), writtenText);
            String limitText = quantityText(limits.get(name), writtenText);
            BigDecimal request = quantity(requestText, REQUEST_PATHS.get(name), name, problems);
            BigDecimal limit = quantity(limitText, LIMIT_PATHS.get(name), name, problems);
            compareLimitToRequest(name, requestText, request, limitText, limit, problems);
        }
    }

    /**
     * A quantity given as text or as a YAML number, as written; null when absent, empty or neither (the schema
     * reports that). Empty text means "not set", as in ODAHU, whose own manifests write {@code gpu: ''}.
     */
    private static String quantityText(JsonNode value, Function<JsonNode, String> writtenText) {
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return isUnset(value) ? null : value.asText();
        }
        return value.isNumber() ? writtenText.apply(value) : null;
    }

    /** The parsed value, or null when absent or wrong (a problem is then recorded if it is the quantity's fault). */
    /** True for a quantity written as empty text: ODAHU reads it as "not set", and so do we. */
    public static boolean isUnset(JsonNode quantity) {
        return quantity != null && quantity.isTextual() && quantity.asText().isEmpty();
    }

    private static BigDecimal quantity(String text, FieldPath path, String name, List<Problem> problems) {
        if (text == null) {
            return null;
        }
        BigDecimal parsed;
        try {
            parsed = Quantity.parse(text).value();
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
    private static void compareLimitToRequest(String name, String givenRequest, BigDecimal request,
                                              String givenLimit, BigDecimal limit, List<Problem> problems) {
        boolean requestGiven = givenRequest != null;
        boolean limitGiven = givenLimit != null;
        if ((requestGiven && request == null) || (limitGiven && limit == null) || (!requestGiven && !limitGiven)) {
            return;
        }
        String requestText = requestGiven ? givenRequest : defaultRequest(name);
        String limitText = limitGiven ? givenLimit : defaultLimit(name);
        if (requestText == null || limitText == null) {
            return; // gpu has no default: nothing to compare against
        }
        BigDecimal effectiveRequest = requestGiven ? request : Quantity.parse(requestText).value();
        BigDecimal effectiveLimit = limitGiven ? limit : Quantity.parse(limitText).value();
        if (effectiveLimit.compareTo(effectiveRequest) >= 0) {
            return;
        }
        if (limitGiven) {
            problems.add(Problem.atValue(LIMIT_PATHS.get(name), name + " limit " + limitText + " is below the "
                    + (requestGiven ? "" : "default ") + "request " + requestText));
        } else {
            problems.add(Problem.atValue(REQUEST_PATHS.get(name), name + " request " + requestText
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
