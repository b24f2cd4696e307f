package dev.modeldeploy.manifest.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.manifest.rules.FieldPath;
import dev.modeldeploy.manifest.rules.Problem;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * One YAML document as JSON, with the composed YAML node tree kept beside it so positions can be looked up
 * afterwards (only for the few paths that need it) instead of being recorded for
 * every node up front. problems holds what was wrong at the YAML level (duplicate keys, unsupported tags).
 */
public record YamlDocument(JsonNode json, Node root, List<YamlProblem> problems, Map<JsonNode, String> numberTexts) {

    /** A YAML-level problem; it carries its own position because its path may be ambiguous (a repeated key). */
    public record YamlProblem(FieldPath path, Position position, String message) {
    }

    public Position position(FieldPath path, Problem.Anchor anchor) {
        return SourceMap.position(root, path, anchor);
    }

    /**
     * A number node of this document exactly as written (so {@code version: 1.10} stays "1.10", which the JSON
     * number would not keep).
     */
    public String writtenText(JsonNode number) {
        String text = numberTexts.get(number);
        return text != null ? text : number.asText();
    }

    public record Position(int line, int column) {
    }
}
