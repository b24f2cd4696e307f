package dev.modeldeploy.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Three-way diff of what we applied last, what Git wants now and what is live, giving the JSON merge patch that
 * makes live match Git without fighting other writers:
 * <ul>
 *   <li>a field Git sets that differs live is set back (drift, when Git did not change it since last time);</li>
 *   <li>a field we set last time that Git no longer sets is removed (null in the patch);</li>
 *   <li>a field nobody in Git set (status, server metadata, annotations or labels added by others, defaulted
 *       spec fields) is left alone.</li>
 * </ul>
 * Lists are atomic in a JSON merge patch: a list Git sets is owned whole and replaced when it must change. To
 * avoid rewriting a list every cycle because an admission webhook defaulted fields inside its items, a live list
 * counts as matching when it has the same length and each live item holds every field Git sets in that item
 * (and none that we stopped setting). Values compare as {@link JsonValues#same} has it: numbers and resource
 * quantities by amount, so a webhook that stores {@code 1000m} as {@code 1} changes nothing.
 */
public final class ThreeWayDiff {
    private ThreeWayDiff() {
    }

    /**
     * @param lastApplied what the annotation says we applied last, or null when unknown
     * @param desired     the desired body (with its new last-applied annotation)
     * @param live        the object in the cluster
     */
    public static ObjectDiff compute(JsonNode lastApplied, JsonNode desired, JsonNode live) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        List<String> drifted = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        new Walk(lastApplied != null, drifted, changed).object(FieldPath.ROOT, lastApplied, desired, live, patch);
        return new ObjectDiff(patch, drifted, changed);
    }

    private record Walk(boolean knowLast, List<String> drifted, List<String> changed) {

        void object(FieldPath path, JsonNode last, JsonNode desired, JsonNode live, ObjectNode patch) {
            for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                JsonNode want = e.getValue();
                JsonNode have = field(live, key);
                JsonNode before = field(last, key);
                FieldPath fieldPath = path.field(key);
                if (want.isObject() && have != null && have.isObject()) {
                    ObjectNode sub = JsonNodeFactory.instance.objectNode();
                    object(fieldPath, before, want, have, sub);
                    if (!sub.isEmpty()) {
                        patch.set(key, sub);
                    }
                } else if (!matches(fieldPath, before, want, have)) {
                    patch.set(key, want.deepCopy());
                    record(fieldPath, before, want);
                }
            }
            if (last != null && last.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = last.fields(); it.hasNext(); ) {
                    String key = it.next().getKey();
                    if (!desired.has(key) && field(live, key) != null) {
                        patch.putNull(key);
                        changed.add(path.field(key) + " (removed)");
                    }
                }
            }
        }

        private void record(FieldPath path, JsonNode before, JsonNode want) {
            if (isLastApplied(path)) {
                return;
            }
            if (knowLast && before != null && JsonValues.same(path, before, want)) {
                drifted.add(path.toString());
            } else {
                changed.add(path.toString());
            }
        }

        private static boolean isLastApplied(FieldPath path) {
            return LastApplied.ANNOTATION.equals(path.keyAbove(0)) && "annotations".equals(path.keyAbove(1))
                    && "metadata".equals(path.keyAbove(2)) && path.keyAbove(3) == null;
        }

        /**
         * Whether live already holds what Git wants here (see the class comment for lists). The last-applied
         * annotation matches when it records the same object, whatever the spelling of its quantities: one written
         * before quantities were rendered canonically is not rewritten.
         */
        private static boolean matches(FieldPath path, JsonNode before, JsonNode want, JsonNode have) {
            if (have == null) {
                return false;
            }
            if (want.isArray() && have.isArray()) {
                if (want.size() != have.size()) {
                    return false;
                }
                for (int i = 0; i < want.size(); i++) {
                    JsonNode beforeItem = before != null && before.isArray() && before.size() > i ? before.get(i) : null;
                    if (!contains(path.item(), beforeItem, want.get(i), have.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            if (isLastApplied(path) && want.isTextual() && have.isTextual()) {
                return LastApplied.sameRecord(want.asText(), have.asText());
            }
            return JsonValues.same(path, want, have);
        }

        private static boolean contains(FieldPath path, JsonNode before, JsonNode want, JsonNode have) {
            if (JsonValues.absent(have)) {
                return JsonValues.absent(want);
            }
            if (want.isObject() && have.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!contains(path.field(e.getKey()), field(before, e.getKey()), e.getValue(), field(have, e.getKey()))) {
                        return false;
                    }
                }
                if (before != null && before.isObject()) {
                    for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
                        String key = it.next();
                        if (!want.has(key) && field(have, key) != null) {
                            return false;
                        }
                    }
                }
                return true;
            }
            return matches(path, before, want, have);
        }

        private static JsonNode field(JsonNode node, String key) {
            if (node == null || !node.isObject()) {
                return null;
            }
            JsonNode value = node.get(key);
            return JsonValues.absent(value) ? null : value;
        }
    }
}
