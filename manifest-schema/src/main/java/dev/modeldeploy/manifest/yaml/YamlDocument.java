package dev.modeldeploy.manifest.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.manifest.rules.FieldPath;
import dev.modeldeploy.manifest.rules.Problem;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * One YAML document as JSON, with the composed YAML node tree kept beside it so positions and the exact text
 * of scalars can be looked up afterwards (only for the few paths that need it) instead of being recorded for
 * every node up front. problems holds what was wrong at the YAML level (duplicate keys, unsupported tags).
 */
public record YamlDocument(JsonNode json, Node root, List<YamlProblem> problems) {

    /** A YAML-level problem; it carries its own position because its path may be ambiguous (a repeated key). */
    public record YamlProblem(FieldPath path, Position position, String message) {
    }

    public Position position(FieldPath path, Problem.Anchor anchor) {
        return SourceMap.position(root, path, anchor);
    }

    /** The scalar exactly as written (so {@code version: 1.10} stays "1.10"), or null if there is no scalar there. */
    public String scalarText(FieldPath path) {
        return SourceMap.scalarText(root, path);
    }

    public record Position(int line, int column) {
    }
}
