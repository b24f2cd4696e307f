package dev.modeldeploy.plan;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;

/** A unified diff of two texts (java-diff-utils), three lines of context, "/dev/null" for a missing side. */
final class UnifiedDiff {
    private static final int CONTEXT = 3;
    private static final String NO_FILE = "/dev/null";

    private UnifiedDiff() {
    }

    /**
     * @param name   what both sides are, e.g. "Service/wine"; shown as a/NAME and b/NAME
     * @param before old text, null when the object is new
     * @param after  new text, null when the object goes away
     * @return the diff, lines joined with '\n' and ending with one; empty when the texts are equal
     */
    static String of(String name, String before, String after) {
        List<String> old = lines(before);
        List<String> now = lines(after);
        Patch<String> patch = DiffUtils.diff(old, now);
        if (patch.getDeltas().isEmpty()) {
            return "";
        }
        List<String> diff = new ArrayList<>(UnifiedDiffUtils.generateUnifiedDiff(before == null ? NO_FILE : "a/" + name,
                after == null ? NO_FILE : "b/" + name, old, patch, CONTEXT));
        // java-diff-utils numbers an empty side from 1; diff(1) and git number it 0
        if (diff.size() > 2 && old.isEmpty()) {
            diff.set(2, diff.get(2).replace("@@ -1,0 ", "@@ -0,0 "));
        }
        if (diff.size() > 2 && now.isEmpty()) {
            diff.set(2, diff.get(2).replace(" +1,0 @@", " +0,0 @@"));
        }
        return String.join("\n", diff) + "\n";
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String trimmed = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(trimmed.split("\n", -1));
    }
}
