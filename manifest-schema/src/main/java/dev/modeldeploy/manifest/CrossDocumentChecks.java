package dev.modeldeploy.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.manifest.rules.FieldPath;
import dev.modeldeploy.manifest.rules.Problem;
import dev.modeldeploy.manifest.rules.RouteRules;
import dev.modeldeploy.manifest.rules.Suggestions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks that need every document at once: unique ids per kind, unique route prefixes, and route targets that
 * name valid deployments. Deployments are settled first, so a route can say which of its targets is invalid.
 */
final class CrossDocumentChecks {
    private static final FieldPath ID = FieldPath.of("id");
    private static final FieldPath SPEC = FieldPath.of("spec");

    private CrossDocumentChecks() {
    }

    static void check(List<CheckedDocument> documents) {
        List<CheckedDocument> deployments = documents.stream().filter(CheckedDocument::isDeployment).toList();
        List<CheckedDocument> routes = documents.stream().filter(CheckedDocument::isRoute).toList();
        reportDuplicateIds(deployments);
        reportDuplicateIds(routes);
        reportSharedPrefixes(routes);
        Map<String, CheckedDocument> deploymentsById = new LinkedHashMap<>();
        for (CheckedDocument deployment : deployments) {
            if (deployment.id() != null) {
                deploymentsById.putIfAbsent(deployment.id(), deployment);
            }
        }
        for (CheckedDocument route : routes) {
            checkTargets(route, deploymentsById);
        }
    }

    private static void reportDuplicateIds(List<CheckedDocument> documents) {
        Map<String, List<CheckedDocument>> byId = documents.stream().filter(d -> d.id() != null)
                .collect(Collectors.groupingBy(CheckedDocument::id, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<CheckedDocument>> entry : byId.entrySet()) {
            List<CheckedDocument> same = entry.getValue();
            if (same.size() < 2) {
                continue;
            }
            for (CheckedDocument document : same) {
                String others = same.stream().filter(d -> d != document)
                        .map(d -> d.location(ID, Problem.Anchor.VALUE).toString()).collect(Collectors.joining(", "));
                document.add(Problem.atValue(ID, "duplicate id '" + entry.getKey() + "': also defined at " + others));
            }
        }
    }

    private static void reportSharedPrefixes(List<CheckedDocument> routes) {
        FieldPath path = SPEC.field("urlPrefix");
        Map<String, List<CheckedDocument>> byPrefix = new LinkedHashMap<>();
        for (CheckedDocument route : routes) {
            JsonNode prefix = route.json().path("spec").path("urlPrefix");
            if (prefix.isTextual()) {
                byPrefix.computeIfAbsent(RouteRules.normalizedPrefix(prefix.asText()), k -> new ArrayList<>()).add(route);
            }
        }
        for (List<CheckedDocument> same : byPrefix.values()) {
            if (same.size() < 2) {
                continue;
            }
            for (CheckedDocument route : same) {
                String others = same.stream().filter(d -> d != route)
                        .map(d -> "route '" + d.id() + "' at " + d.location(path, Problem.Anchor.VALUE))
                        .collect(Collectors.joining(", "));
                route.add(Problem.atValue(path, "urlPrefix '" + route.json().path("spec").path("urlPrefix").asText()
                        + "' is also used by " + others));
            }
        }
    }

    private static void checkTargets(CheckedDocument route, Map<String, CheckedDocument> deploymentsById) {
        JsonNode spec = route.json().path("spec");
        checkTargetList(route, spec.path("modelDeployments"), SPEC.field("modelDeployments"), deploymentsById);
        JsonNode rules = spec.path("rules");
        for (int i = 0; i < rules.size(); i++) {
            checkTargetList(route, rules.get(i).path("modelDeployments"), SPEC.field("rules").index(i).field("modelDeployments"), deploymentsById);
        }
        JsonNode mirror = spec.path("mirror");
        if (mirror.isTextual()) {
            checkTarget(route, mirror.asText(), SPEC.field("mirror"), deploymentsById);
        }
    }

    private static void checkTargetList(CheckedDocument route, JsonNode targets, FieldPath path, Map<String, CheckedDocument> deploymentsById) {
        for (int i = 0; i < targets.size(); i++) {
            JsonNode mdName = targets.get(i).path("mdName");
            if (mdName.isTextual()) {
                checkTarget(route, mdName.asText(), path.index(i).field("mdName"), deploymentsById);
            }
        }
    }

    private static void checkTarget(CheckedDocument route, String mdName, FieldPath path, Map<String, CheckedDocument> deploymentsById) {
        CheckedDocument deployment = deploymentsById.get(mdName);
        if (deployment == null) {
            route.add(Problem.atValue(path, "no ModelDeployment with id '" + mdName + "'"
                    + Suggestions.didYouMean(mdName, deploymentsById.keySet())));
        } else if (!deployment.findings().isEmpty()) {
            SourceLocation first = deployment.findings().stream().map(Finding::location)
                    .min(Comparator.comparingInt(SourceLocation::line).thenComparingInt(SourceLocation::column)).orElseThrow();
            route.add(Problem.atValue(path, "ModelDeployment '" + mdName + "' is invalid (see " + first + ")"));
        }
    }
}
