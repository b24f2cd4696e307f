package dev.modeldeploy.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.manifest.rules.DeploymentRules;
import dev.modeldeploy.manifest.rules.FieldPath;
import dev.modeldeploy.manifest.rules.OdahuHints;
import dev.modeldeploy.manifest.rules.Problem;
import dev.modeldeploy.manifest.rules.RouteRules;
import dev.modeldeploy.manifest.rules.Suggestions;
import dev.modeldeploy.manifest.schema.ManifestSchemas;
import dev.modeldeploy.manifest.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks one document on its own: YAML-level problems, then its kind's JSON Schema, then the rules schema
 * cannot express. A rule's problem is dropped when the schema already reported the same field or one around or
 * inside it, so one mistake gives one finding.
 */
final class DocumentChecker {
    private static final List<String> KINDS = List.of(ModelDeployment.KIND, ModelRoute.KIND);
    private static final FieldPath KIND = FieldPath.of("kind");

    private final ManifestSchemas schemas = ManifestSchemas.get();

    CheckedDocument check(String file, int fileIndex, YamlDocument yaml) {
        JsonNode json = yaml.json();
        JsonNode kindNode = json.get("kind");
        JsonNode idNode = json.get("id");
        String kind = kindNode != null && kindNode.isTextual() ? kindNode.asText() : null;
        String id = idNode != null && idNode.isTextual() ? idNode.asText() : null;
        CheckedDocument document = new CheckedDocument(file, fileIndex, kind, id, yaml);
        Optional<String> skipReason = OdahuKinds.skipReason(kind);
        if (skipReason.isPresent()) {
            // not ours to judge: even a flaw inside it (a repeated key) must not fail the file's deployments
            document.skip(KIND, skipReason.get());
            return document;
        }
        yaml.problems().forEach(document::add);
        if (!json.isObject()) {
            document.add(Problem.atValue(FieldPath.ROOT, "a manifest must be a mapping with kind, id and spec"));
            return document;
        }
        if (kindNode == null) {
            document.add(Problem.missing(KIND, "missing required field 'kind' (ModelDeployment or ModelRoute)"));
            return document;
        }
        if (!KINDS.contains(kind)) {
            String written = kindNode.isValueNode() ? kindNode.asText() : kindNode.toString();
            document.add(Problem.atValue(KIND, "unknown kind '" + written + "' (expected ModelDeployment or ModelRoute; "
                    + "ODAHU's other kinds are skipped with a warning)"
                    + (kind == null ? "" : Suggestions.didYouMean(kind, KINDS))));
            return document;
        }
        boolean deployment = document.isDeployment();
        List<Problem> schemaProblems = OdahuHints.explain(json, deployment,
                deployment ? schemas.validateDeployment(json) : schemas.validateRoute(json));
        List<Problem> ruleProblems = deployment ? DeploymentRules.check(json, yaml::writtenText) : RouteRules.check(json);
        List<FieldPath> yamlPaths = yaml.problems().stream().map(YamlDocument.YamlProblem::path).filter(p -> !p.isRoot()).toList();
        List<FieldPath> reported = new ArrayList<>(yamlPaths);
        for (Problem problem : schemaProblems) {
            // a value the YAML level already rejected (a foreign tag, a repeated key) gets no second finding
            if (yamlPaths.stream().noneMatch(problem.path()::startsWith)) {
                document.add(problem);
                reported.add(problem.path());
            }
        }
        for (Problem problem : ruleProblems) {
            if (!overlapsAny(problem, reported)) {
                document.add(problem);
            }
        }
        return document;
    }

    private static boolean overlapsAny(Problem problem, List<FieldPath> reported) {
        for (FieldPath other : reported) {
            if (problem.path().startsWith(other) || other.startsWith(problem.path())) {
                return true;
            }
        }
        return false;
    }
}
