package dev.modeldeploy.manifest.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks on one ModelRoute that JSON Schema cannot express: the URL prefix, traffic weights, header names,
 * header regexes and the rollout ({@link RolloutRules}). Checks that need other documents (targets exist, prefixes unique) are done by the loader.
 */
public final class RouteRules {
    public static final String ROUTE_PREFIX = "/custom/";
    private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");
    private static final FieldPath SPEC = FieldPath.of("spec");

    private RouteRules() {
    }

    public static List<Problem> check(JsonNode document) {
        List<Problem> problems = new ArrayList<>(0);
        JsonNode spec = document.path("spec");
        JsonNode urlPrefix = spec.path("urlPrefix");
        if (urlPrefix.isTextual()) {
            urlPrefixError(urlPrefix.asText()).ifPresent(m -> problems.add(Problem.atValue(SPEC.field("urlPrefix"), m)));
        }
        JsonNode rollout = spec.path("rollout");
        if (rollout.isObject() && weightsLeftOut(spec.path("modelDeployments"))) {
            // the rollout decides the default split's weights, so the manifest need not write any
            checkDuplicateTargets(spec.path("modelDeployments"), SPEC.field("modelDeployments"), problems);
        } else {
            checkTargets(spec.path("modelDeployments"), SPEC.field("modelDeployments"), problems);
        }
        if (rollout.isObject()) {
            problems.addAll(RolloutRules.check(rollout, spec.path("modelDeployments"), SPEC.field("rollout")));
        }
        JsonNode rules = spec.path("rules");
        for (int i = 0; i < rules.size(); i++) {
            FieldPath rulePath = SPEC.field("rules").index(i);
            JsonNode rule = rules.get(i);
            checkHeaders(rule.path("match").path("headers"), rulePath.field("match").field("headers"), problems);
            checkTargets(rule.path("modelDeployments"), rulePath.field("modelDeployments"), problems);
        }
        return problems;
    }

    /** The prefix as routes are compared for uniqueness: "/custom/a/" and "/custom/a" serve the same requests. */
    public static String normalizedPrefix(String urlPrefix) {
        String trimmed = urlPrefix;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static java.util.Optional<String> urlPrefixError(String prefix) {
        if (!prefix.startsWith(ROUTE_PREFIX) || prefix.length() == ROUTE_PREFIX.length()) {
            return java.util.Optional.of("urlPrefix '" + prefix + "' must start with " + ROUTE_PREFIX + " and name a path below it "
                    + "(each deployment already has /model/<id>/, and /feedback is reserved)");
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c <= ' ' || c == '?' || c == '#' || c == '%' || c == '\\' || c >= 0x7f) {
                return java.util.Optional.of("urlPrefix '" + prefix + "' may not contain whitespace, control characters, "
                        + "'?', '#', '%', '\\' or non-ASCII characters");
            }
        }
        if (prefix.contains("//") || prefix.contains("/../") || prefix.contains("/./") || prefix.endsWith("/..") || prefix.endsWith("/.")) {
            return java.util.Optional.of("urlPrefix '" + prefix + "' must be a normalized path (no '//', '.' or '..' segments)");
        }
        return java.util.Optional.empty();
    }

    /**
     * One target takes all traffic (weight 100 or left out); several need every weight, adding up to 100. A
     * deployment listed twice in the same split is a mistake too.
     */
    private static void checkTargets(JsonNode targets, FieldPath path, List<Problem> problems) {
        if (!targets.isArray() || targets.isEmpty()) {
            return;
        }
        if (targets.size() == 1) {
            JsonNode weight = targets.get(0).get("weight");
            if (weight != null && weight.isIntegralNumber() && weight.asInt() != 100) {
                problems.add(Problem.atValue(path.index(0).field("weight"),
                        "a single target gets all the traffic: weight must be 100 or left out (is " + weight.asText() + ")"));
            }
            return;
        }
        int sum = 0;
        boolean allWeightsUsable = true;
        checkDuplicateTargets(targets, path, problems);
        for (int i = 0; i < targets.size(); i++) {
            JsonNode target = targets.get(i);
            JsonNode weight = target.get("weight");
            if (weight == null) {
                if (target.isObject()) {
                    problems.add(Problem.missing(path.index(i).field("weight"),
                            "missing weight: every target needs one when traffic is split between " + targets.size() + " targets"));
                }
                allWeightsUsable = false;
            } else if (weight.isIntegralNumber() && weight.asInt() >= 0 && weight.asInt() <= 100) {
                sum += weight.asInt();
            } else {
                allWeightsUsable = false;
            }
        }
        if (allWeightsUsable && sum != 100) {
            problems.add(Problem.atValue(path, "weights add up to " + sum + "; they must add up to 100"));
        }
    }

    private static boolean weightsLeftOut(JsonNode targets) {
        for (JsonNode target : targets) {
            if (target.has("weight")) {
                return false;
            }
        }
        return true;
    }

    private static void checkDuplicateTargets(JsonNode targets, FieldPath path, List<Problem> problems) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            JsonNode mdName = targets.get(i).get("mdName");
            if (mdName != null && mdName.isTextual()) {
                Integer earlier = seen.putIfAbsent(mdName.asText(), i);
                if (earlier != null) {
                    problems.add(Problem.atValue(path.index(i).field("mdName"), "deployment '" + mdName.asText()
                            + "' is already a target at " + path.index(earlier).toJsonPath()));
                }
            }
        }
    }

    private static void checkHeaders(JsonNode headers, FieldPath path, List<Problem> problems) {
        if (!headers.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            FieldPath headerPath = path.field(name);
            if (!HEADER_NAME.matcher(name).matches()) {
                String lower = name.toLowerCase(Locale.ROOT);
                problems.add(Problem.atKey(headerPath, HEADER_NAME.matcher(lower).matches()
                        ? "header name '" + name + "' must be lowercase ('" + lower + "'), as Istio matches it"
                        : "'" + name + "' is not a valid HTTP header name"));
            }
            JsonNode regex = entry.getValue().get("regex");
            if (regex != null && regex.isTextual()) {
                regexError(regex.asText()).ifPresent(m -> problems.add(Problem.atValue(headerPath.field("regex"), m)));
            }
        }
    }

    /**
     * Compiles with Java's engine, then rejects the constructs Java accepts but RE2 (Envoy's engine) does not:
     * lookaround, backreferences, atomic groups and possessive quantifiers. That is not a full RE2 grammar check.
     */
    static java.util.Optional<String> regexError(String regex) {
        try {
            // RE2's Python-style named group (?P<name>...) is (?<name>...) to Java
            Pattern.compile(regex.replace("(?P<", "(?<"));
        } catch (PatternSyntaxException e) {
            return java.util.Optional.of("regex does not compile: " + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
        return Re2Subset.unsupportedConstruct(regex)
                .map(construct -> "regex uses " + construct + ", which RE2 (the engine Istio/Envoy use) does not support");
    }
}
