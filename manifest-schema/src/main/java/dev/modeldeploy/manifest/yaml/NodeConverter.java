package dev.modeldeploy.manifest.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.modeldeploy.manifest.rules.FieldPath;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.AnchorNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Converts a composed YAML node tree to Jackson JSON in one pass. Aliases are expanded, so the converter counts
 * nodes across the whole file and bounds nesting: a few aliases stacked on each other can otherwise expand to
 * billions of nodes, and a self-referencing alias never ends. The composer does not reject duplicate keys (only
 * snakeyaml's object constructor does), so they are caught here: the first value wins and the repeat is a problem.
 * The current path is kept as a stack of segments and only turned into a FieldPath when a problem is reported.
 */
final class NodeConverter {
    record Limits(int maxNodes, int maxDepth) {
    }

    private final Limits limits;
    private final Object[] segments;
    private int nodesConverted;
    private List<YamlDocument.YamlProblem> problems;
    private Map<JsonNode, String> numberTexts;

    NodeConverter(Limits limits) {
        this.limits = limits;
        this.segments = new Object[limits.maxDepth() + 2];
    }

    /** Null for an empty document. */
    YamlDocument convert(Node root) throws UnreadableYamlException {
        problems = new ArrayList<>(0);
        numberTexts = new IdentityHashMap<>();
        Node real = unwrap(root);
        if (real instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag()) && scalar.getValue().isEmpty()) {
            return null;
        }
        JsonNode json = toJson(real, 0);
        return new YamlDocument(json, root, problems.isEmpty() ? List.of() : problems, numberTexts);
    }

    private JsonNode toJson(Node node, int depth) throws UnreadableYamlException {
        node = unwrap(node);
        if (++nodesConverted > limits.maxNodes()) {
            throw refuse(node, "file expands to more than " + limits.maxNodes() + " YAML nodes (aliases referring to aliases?); refused");
        }
        if (depth > limits.maxDepth()) {
            throw refuse(node, "nested deeper than " + limits.maxDepth() + " levels (a recursive alias?); refused");
        }
        if (node instanceof ScalarNode scalar) {
            return scalar(scalar, depth);
        }
        if (node instanceof SequenceNode sequence) {
            if (!Tag.SEQ.equals(sequence.getTag())) {
                problem(depth, sequence, unsupportedTag(sequence.getTag()));
            }
            List<Node> items = sequence.getValue();
            ArrayNode array = JsonNodeFactory.instance.arrayNode(items.size());
            for (int i = 0; i < items.size(); i++) {
                segments[depth] = i;
                array.add(toJson(items.get(i), depth + 1));
            }
            return array;
        }
        MappingNode mapping = (MappingNode) node;
        if (!Tag.MAP.equals(mapping.getTag())) {
            problem(depth, mapping, unsupportedTag(mapping.getTag()));
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = unwrap(tuple.getKeyNode());
            if (!(keyNode instanceof ScalarNode keyScalar)) {
                problem(depth, keyNode, "a mapping key must be plain text, not a mapping or list");
                continue;
            }
            String key = keyScalar.getValue();
            segments[depth] = key;
            if (object.has(key)) {
                YamlDocument.Position first = SourceMap.toPosition(firstKeyMark(mapping, key));
                problem(depth + 1, keyScalar, "duplicate key '" + key + "' (first defined at line "
                        + first.line() + ", column " + first.column() + ")");
                continue;
            }
            object.set(key, toJson(tuple.getValueNode(), depth + 1));
        }
        return object;
    }

    private FieldPath path(int length) {
        FieldPath path = FieldPath.ROOT;
        for (int i = 0; i < length; i++) {
            path = segments[i] instanceof Integer index ? path.index(index) : path.field((String) segments[i]);
        }
        return path;
    }

    private void problem(int pathLength, Node at, String message) {
        problems.add(new YamlDocument.YamlProblem(path(pathLength), SourceMap.toPosition(at.getStartMark().orElse(null)), message));
    }

    private static String unsupportedTag(Tag tag) {
        String name = tag.getValue().startsWith(Tag.PREFIX) ? "!!" + tag.getValue().substring(Tag.PREFIX.length()) : tag.getValue();
        return "unsupported YAML tag '" + name + "' (manifests use plain text, numbers, true/false, lists and mappings)";
    }

    private static UnreadableYamlException refuse(Node at, String message) {
        YamlDocument.Position position = SourceMap.toPosition(at.getStartMark().orElse(null));
        return new UnreadableYamlException(position.line(), position.column(), message);
    }

    private static Mark firstKeyMark(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (unwrap(tuple.getKeyNode()) instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                return scalar.getStartMark().orElse(null);
            }
        }
        return null;
    }

    private JsonNode scalar(ScalarNode scalar, int depth) {
        Tag tag = scalar.getTag();
        String text = scalar.getValue();
        if (Tag.STR.equals(tag)) {
            return TextNode.valueOf(text);
        }
        if (Tag.INT.equals(tag)) {
            return number(integer(text), text);
        }
        if (Tag.FLOAT.equals(tag)) {
            return number(floating(text), text);
        }
        if (Tag.BOOL.equals(tag)) {
            return BooleanNode.valueOf(text.equalsIgnoreCase("true"));
        }
        if (Tag.NULL.equals(tag)) {
            return NullNode.instance;
        }
        problem(depth, scalar, unsupportedTag(tag));
        return TextNode.valueOf(text);
    }

    /** Each number is a fresh node (Jackson caches small ones), so its written text can be found by identity. */
    private JsonNode number(JsonNode value, String text) {
        numberTexts.put(value, text);
        return value;
    }

    private static JsonNode integer(String text) {
        if (text.length() < 10 && !text.startsWith("0x") && !text.startsWith("0o")) {
            return new IntNode(Integer.parseInt(text));
        }
        String digits = text;
        boolean negative = false;
        if (digits.startsWith("-") || digits.startsWith("+")) {
            negative = digits.startsWith("-");
            digits = digits.substring(1);
        }
        int radix = 10;
        if (digits.startsWith("0x")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (digits.startsWith("0o")) {
            radix = 8;
            digits = digits.substring(2);
        }
        BigInteger value = new BigInteger(digits, radix);
        if (negative) {
            value = value.negate();
        }
        if (value.bitLength() < 32) {
            return new IntNode(value.intValue());
        }
        if (value.bitLength() < 64) {
            return new LongNode(value.longValue());
        }
        return new BigIntegerNode(value);
    }

    private static JsonNode floating(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".inf")) {
            return new DoubleNode(lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (lower.equals(".nan")) {
            return new DoubleNode(Double.NaN);
        }
        return new DecimalNode(new BigDecimal(text));
    }

    private static Node unwrap(Node node) {
        return node instanceof AnchorNode anchor ? anchor.getRealNode() : node;
    }
}
