package dev.modeldeploy.cli.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The YAML documents of one manifest file, each with the lines it spans, so one document can be replaced or
 * removed while the others (and their comments) stay byte for byte as they were.
 */
final class ManifestDocuments {

    private static final Pattern SEPARATOR = Pattern.compile("^---(\\s.*)?$");
    private static final Pattern END = Pattern.compile("^\\.\\.\\.\\s*$");

    /** Lines [start, end) of the file (0-based); kind and id are null when the document does not say. */
    record Document(int start, int end, String text, String kind, String id) {
        int firstLine() {
            return start + 1;
        }
    }

    private ManifestDocuments() {
    }

    static List<Document> split(String fileText) {
        List<String> lines = lines(fileText);
        List<Document> documents = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= lines.size(); i++) {
            boolean boundary = i == lines.size() || isBoundary(lines.get(i));
            if (boundary) {
                if (i > start) {
                    String text = String.join("", lines.subList(start, i));
                    if (hasContent(text)) {
                        documents.add(describe(start, i, text));
                    }
                }
                start = i + 1;
            }
        }
        return documents;
    }

    static String replace(String fileText, Document document, String newText) {
        List<String> lines = lines(fileText);
        String replacement = newText.endsWith("\n") ? newText : newText + "\n";
        return String.join("", lines.subList(0, document.start())) + replacement
                + String.join("", lines.subList(document.end(), lines.size()));
    }

    /** The file without this document and one separator next to it; null when no document would be left. */
    static String remove(String fileText, Document document) {
        List<String> lines = new ArrayList<>(lines(fileText));
        int start = document.start();
        int end = document.end();
        if (start > 0 && isBoundary(lines.get(start - 1))) {
            start--;
        } else if (end < lines.size() && isBoundary(lines.get(end))) {
            end++;
        }
        lines.subList(start, end).clear();
        String rest = String.join("", lines);
        return split(rest).isEmpty() ? null : rest;
    }

    private static Document describe(int start, int end, String text) {
        try {
            Object root = new Load(LoadSettings.builder().setLabel("manifest").build()).loadFromString(text);
            if (root instanceof Map<?, ?> map) {
                return new Document(start, end, text, string(map.get("kind")), string(map.get("id")));
            }
        } catch (RuntimeException e) {
            // An unreadable document still occupies its lines; the validator reports what is wrong with it.
        }
        return new Document(start, end, text, null, null);
    }

    private static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    private static boolean isBoundary(String line) {
        String bare = line.stripTrailing();
        return SEPARATOR.matcher(bare).matches() || END.matcher(bare).matches();
    }

    private static boolean hasContent(String text) {
        return text.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
    }

    /** Lines with their terminators, so joining them gives the text back unchanged. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(from, i + 1));
                from = i + 1;
            }
        }
        if (from < text.length()) {
            lines.add(text.substring(from));
        }
        return lines;
    }
}
