package dev.modeldeploy.manifest.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Says what to write instead when a manifest uses a field from older ODAHU documents. ODAHU dropped unknown fields
 * silently, so such a field did nothing there; here it stays an error, and the message carries the fix. Each hint
 * replaces the schema's plain "unknown field" problem at the same place (and the "missing id" it explains).
 */
public final class OdahuHints {
    private static final FieldPath ID = FieldPath.of("id");
    private static final FieldPath NAME = FieldPath.of("name");
    private static final FieldPath METADATA = FieldPath.of("metadata");
    private static final FieldPath SPEC = FieldPath.of("spec");
    private static final FieldPath PULL_CONNECTION = SPEC.field("imagePullConnectionID");
    private static final FieldPath REPLICAS = SPEC.field("replicas");

    private OdahuHints() {
    }

    /** The schema's problems, with those an older ODAHU field explains rewritten to say what to write instead. */
    public static List<Problem> explain(JsonNode document, boolean deployment, List<Problem> schemaProblems) {
        Optional<String> idFromName = idWrittenElsewhere(document);
        List<Problem> out = new ArrayList<>(schemaProblems.size());
        for (Problem problem : schemaProblems) {
            if (problem.anchor() == Problem.Anchor.PARENT && problem.path().equals(ID) && idFromName.isPresent()) {
                continue; // the hint on metadata.name or name already says to write an id
            }
            out.add(hint(document, deployment, problem.path()).map(message -> Problem.atKey(problem.path(), message)).orElse(problem));
        }
        return out;
    }

    private static Optional<String> hint(JsonNode document, boolean deployment, FieldPath path) {
        if (path.equals(METADATA)) {
            return Optional.of(metadataHint(document, deployment ? "deployment" : "route"));
        }
        if (path.equals(NAME) && !document.has("id") && document.path("name").isTextual()) {
            return Optional.of("unknown field 'name': older ODAHU documents named a manifest with name; write id: "
                    + document.path("name").asText() + " instead");
        }
        if (!deployment) {
            return Optional.empty();
        }
        JsonNode spec = document.path("spec");
        if (path.equals(PULL_CONNECTION)) {
            JsonNode value = spec.path("imagePullConnectionID");
            return Optional.of("unknown field 'imagePullConnectionID': older ODAHU documents spell it so; write imagePullConnID"
                    + (value.isTextual() ? ": " + value.asText() : "") + " instead");
        }
        if (path.equals(REPLICAS)) {
            JsonNode value = spec.path("replicas");
            String count = value.isIntegralNumber() ? value.asText() : "N";
            return Optional.of("unknown field 'replicas': older ODAHU documents set one replica count; write minReplicas: "
                    + count + " and maxReplicas: " + count + " instead (minReplicas: 0 lets the model scale to zero)");
        }
        return Optional.empty();
    }

    private static String metadataHint(JsonNode document, String noun) {
        JsonNode name = document.path("metadata").path("name");
        JsonNode id = document.path("id");
        if (id.isMissingNode() && name.isTextual()) {
            return "unknown field 'metadata': older ODAHU documents named a " + noun + " with metadata.name; write id: "
                    + name.asText() + " at the top level instead";
        }
        return "unknown field 'metadata': ODAHU ignored it" + (id.isTextual() ? " (the manifest's id is '" + id.asText() + "')" : "")
                + "; remove it";
    }

    /** The id an older document gives through metadata.name or name, when it has no id of its own. */
    private static Optional<String> idWrittenElsewhere(JsonNode document) {
        if (document.has("id")) {
            return Optional.empty();
        }
        JsonNode metadataName = document.path("metadata").path("name");
        if (metadataName.isTextual()) {
            return Optional.of(metadataName.asText());
        }
        JsonNode name = document.path("name");
        return name.isTextual() ? Optional.of(name.asText()) : Optional.empty();
    }
}
