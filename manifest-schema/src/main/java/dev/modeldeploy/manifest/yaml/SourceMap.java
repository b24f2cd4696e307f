package dev.modeldeploy.manifest.yaml;

import dev.modeldeploy.manifest.rules.FieldPath;
import dev.modeldeploy.manifest.rules.Problem;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.AnchorNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Finds the YAML node at a field path in a composed tree; marks are 0-based there and 1-based here. */
final class SourceMap {
    private SourceMap() {
    }

    static YamlDocument.Position position(Node root, FieldPath path, Problem.Anchor anchor) {
        FieldPath target = anchor == Problem.Anchor.PARENT ? path.parent() : path;
        Node current = unwrap(root);
        Node key = null;
        for (Object segment : target.segments()) {
            Step tuple = step(current, segment);
            if (tuple == null) {
                // The path goes further than the document (a value of the wrong type): point at the deepest part that exists.
                key = null;
                break;
            }
            key = tuple.key();
            current = unwrap(tuple.value());
        }
        Node chosen = anchor == Problem.Anchor.KEY && key != null ? key : current;
        return toPosition(chosen.getStartMark().orElse(null));
    }

    /** The (key, value) pair for a segment; for a list item the key is null. */
    private static Step step(Node node, Object segment) {
        if (node instanceof MappingNode mapping && segment instanceof String name) {
            List<NodeTuple> tuples = mapping.getValue();
            for (NodeTuple tuple : tuples) {
                if (tuple.getKeyNode() instanceof ScalarNode scalarKey && scalarKey.getValue().equals(name)) {
                    return new Step(tuple.getKeyNode(), tuple.getValueNode());
                }
            }
        } else if (node instanceof SequenceNode sequence && segment instanceof Integer index) {
            List<Node> items = sequence.getValue();
            if (index >= 0 && index < items.size()) {
                return new Step(null, items.get(index));
            }
        }
        return null;
    }

    private record Step(Node key, Node value) {
    }

    private static Node unwrap(Node node) {
        return node instanceof AnchorNode anchor ? anchor.getRealNode() : node;
    }

    static YamlDocument.Position toPosition(Mark mark) {
        return mark == null ? new YamlDocument.Position(1, 1) : new YamlDocument.Position(mark.getLine() + 1, mark.getColumn() + 1);
    }
}
