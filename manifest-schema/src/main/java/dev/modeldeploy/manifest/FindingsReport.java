package dev.modeldeploy.manifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Findings for people and for tools. Text: one {@link Finding#toText()} line each, plus a summary line such as
 * "2 errors in 1 of 3 files" (the CLI prints it to stderr). JSON: an array of objects with file, line, column,
 * severity ("error" or "warning"), kind, id, path and message (kind, id and path may be null).
 */
public final class FindingsReport {
    private FindingsReport() {
    }

    public static List<String> textLines(List<Finding> findings) {
        return findings.stream().map(Finding::toText).toList();
    }

    /** "2 errors in 1 of 3 files", or "no errors in 3 files"; "; 4 warnings" follows when there are any. */
    public static String summary(ManifestSet manifests, int filesChecked) {
        int errors = manifests.findings().size();
        String warnings = manifests.warnings().isEmpty() ? "" : "; " + plural(manifests.warnings().size(), "warning");
        if (errors == 0) {
            return "no errors in " + plural(filesChecked, "file") + warnings;
        }
        return plural(errors, "error") + " in " + manifests.failedFiles().size() + " of " + plural(filesChecked, "file") + warnings;
    }

    public static ArrayNode toJson(List<Finding> findings) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(findings.size());
        for (Finding finding : findings) {
            array.add(toJson(finding));
        }
        return array;
    }

    public static ObjectNode toJson(Finding finding) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("file", finding.location().file());
        json.put("line", finding.location().line());
        json.put("column", finding.location().column());
        json.put("severity", finding.severity().label());
        json.put("kind", finding.kind());
        json.put("id", finding.id());
        json.put("path", finding.jsonPath());
        json.put("message", finding.message());
        return json;
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
