package dev.modeldeploy.manifest.edit;

import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.manifest.yaml.UnreadableYamlException;
import dev.modeldeploy.manifest.yaml.YamlDocument;
import dev.modeldeploy.manifest.yaml.YamlParser;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Sets {@code spec.rollout.abort: true} on one route of a manifest file, changing nothing else in the text: comments,
 * order and layout stay as the team wrote them, so the commit shows one line. An existing abort value is replaced;
 * otherwise the field is added as the rollout's first key, in block or flow style as the rollout is written (a JSON
 * manifest stays JSON).
 */
public final class RolloutAbort {
    private static final YamlParser PARSER = new YamlParser(50, 500_000, 64);

    private RolloutAbort() {
    }

    /**
     * @return the file's new text, or the same text when the route is already aborted
     * @throws IllegalArgumentException when the file has no such route, the route has no rollout, or cannot be read
     */
    public static String apply(String fileText, String routeId) {
        Node rollout = rolloutOf(fileText, routeId);
        if (!(rollout instanceof MappingNode mapping)) {
            throw new IllegalArgumentException("route " + routeId + " has no spec.rollout to abort");
        }
        Optional<Node> abort = value(mapping, "abort");
        if (abort.isPresent()) {
            Node value = abort.get();
            if (value instanceof ScalarNode scalar && scalar.getValue().equals("true")) {
                return fileText;
            }
            return replace(fileText, start(fileText, value), end(fileText, value), "true");
        }
        if (mapping.getFlowStyle() == FlowStyle.FLOW) {
            int brace = start(fileText, mapping);
            String separator = mapping.getValue().isEmpty() ? "" : ", ";
            return replace(fileText, brace + 1, brace + 1, "\"abort\": true" + separator);
        }
        Node firstKey = mapping.getValue().get(0).getKeyNode();
        int column = firstKey.getStartMark().orElseThrow().getColumn();
        int at = start(fileText, firstKey);
        return replace(fileText, at, at, "abort: true\n" + " ".repeat(column));
    }

    private static Node rolloutOf(String fileText, String routeId) {
        try {
            for (YamlDocument document : PARSER.parse(fileText)) {
                if (ModelRoute.KIND.equals(document.json().path("kind").asText())
                        && routeId.equals(document.json().path("id").asText())) {
                    return value(document.root(), "spec").flatMap(spec -> value(spec, "rollout")).orElse(null);
                }
            }
        } catch (UnreadableYamlException e) {
            throw new IllegalArgumentException("cannot read the file: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no ModelRoute with id " + routeId + " in the file");
    }

    private static Optional<Node> value(Node node, String key) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                    return Optional.of(tuple.getValueNode());
                }
            }
        }
        return Optional.empty();
    }

    /** The char offset of a node's start; marks count code points. */
    private static int start(String text, Node node) {
        return text.offsetByCodePoints(0, node.getStartMark().orElseThrow().getIndex());
    }

    private static int end(String text, Node node) {
        return text.offsetByCodePoints(0, node.getEndMark().orElseThrow().getIndex());
    }

    private static String replace(String text, int from, int to, String replacement) {
        return text.substring(0, from) + replacement + text.substring(to);
    }
}
