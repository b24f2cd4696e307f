package dev.modeldeploy.manifest.yaml;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.AnchorNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Turns YAML text into documents with snakeyaml-engine's composer (node tree with marks, no object
 * construction, so no tag can instantiate anything) and converts each node tree to JSON in one pass.
 */
public final class YamlParser {
    private final LoadSettings settings;
    private final int maxAliases;
    private final NodeConverter.Limits limits;

    public YamlParser(int maxAliasesForCollections, int maxNodesPerFile, int maxDepth) {
        this.maxAliases = maxAliasesForCollections;
        this.limits = new NodeConverter.Limits(maxNodesPerFile, maxDepth);
        this.settings = LoadSettings.builder()
                .setSchema(new CoreSchema())
                .setMaxAliasesForCollections(maxAliasesForCollections)
                .setAllowRecursiveKeys(false)
                .setAllowNonScalarKeys(true) // reported by the converter, with a position
                .setCodePointLimit(Integer.MAX_VALUE) // the file size limit is enforced before reading
                .build();
    }

    /** Every document of the stream; empty documents (only comments, or a bare "---") are left out. */
    public List<YamlDocument> parse(String text) throws UnreadableYamlException {
        return parse(text, false);
    }

    /**
     * As {@link #parse(String)}; with jsonArrays, a stream that is one JSON array ({@code [ {...}, {...} ]}) holds
     * one document per item, as ODAHU's CLI reads its JSON files. Each item keeps its own positions.
     */
    public List<YamlDocument> parse(String text, boolean jsonArrays) throws UnreadableYamlException {
        List<YamlDocument> documents = new ArrayList<>();
        NodeConverter converter = new NodeConverter(limits);
        try {
            List<Node> roots = new ArrayList<>();
            new Compose(settings).composeAllFromString(text).forEach(roots::add);
            if (jsonArrays && roots.size() == 1 && unwrap(roots.get(0)) instanceof SequenceNode list
                    && list.getFlowStyle() == FlowStyle.FLOW) {
                roots = list.getValue();
            }
            for (Node root : roots) {
                YamlDocument document = converter.convert(root);
                if (document != null) {
                    documents.add(document);
                }
            }
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            YamlDocument.Position at = SourceMap.toPosition(mark);
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            throw new UnreadableYamlException(at.line(), at.column(), "YAML syntax error: " + context + e.getProblem());
        } catch (ReaderException e) {
            YamlDocument.Position at = positionOfCodePoint(text, e.getPosition());
            throw new UnreadableYamlException(at.line(), at.column(), String.format(
                    "character U+%04X is not allowed in YAML (use an escape sequence in a double-quoted string)", e.getCodePoint()));
        } catch (YamlEngineException e) {
            String message = e.getMessage();
            if (message != null && message.contains("aliases")) {
                message = "more than " + maxAliases + " aliases to mappings or lists (refused as a possible alias bomb)";
            }
            throw new UnreadableYamlException(1, 1, "YAML error: " + message);
        } catch (StackOverflowError e) {
            throw new UnreadableYamlException(1, 1, "YAML nested too deeply to read");
        }
        return documents;
    }

    private static Node unwrap(Node node) {
        return node instanceof AnchorNode anchor ? anchor.getRealNode() : node;
    }

    private static YamlDocument.Position positionOfCodePoint(String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int index = 0;
        for (int i = 0; i < text.length() && index < codePointIndex; i += Character.charCount(text.codePointAt(i)), index++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new YamlDocument.Position(line, column);
    }
}
