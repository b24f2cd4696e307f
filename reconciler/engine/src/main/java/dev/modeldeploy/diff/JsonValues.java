package dev.modeldeploy.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON comparisons as the API server means them: a null field is an absent field, 1 equals 1.0, and a resource
 * quantity equals its other spellings (1000m equals 1; see {@link QuantityFields}).
 */
public final class JsonValues {
    private JsonValues() {
    }

    public static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** Semantic equality of two whole objects: numbers and quantities by value, null-valued fields and key order ignored. */
    public static boolean same(JsonNode a, JsonNode b) {
        return same(FieldPath.ROOT, a, b);
    }

    /** The same for two values found at one place in an object, which decides whether they are quantities. */
    static boolean same(FieldPath at, JsonNode a, JsonNode b) {
        if (absent(a) || absent(b)) {
            return absent(a) && absent(b);
        }
        if (QuantityFields.holdsQuantity(at)) {
            Optional<Boolean> sameAmount = QuantityFields.sameAmount(a, b);
            if (sameAmount.isPresent()) {
                return sameAmount.get();
            }
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!same(at.field(e.getKey()), e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!absent(e.getValue()) && absent(a.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(at.item(), a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** A copy with object keys sorted at every level and null fields dropped, so its text is stable. */
    public static JsonNode canonical(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            keys.sort(null);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String key : keys) {
                JsonNode value = node.get(key);
                if (!absent(value)) {
                    out.set(key, canonical(value));
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(canonical(item)));
            return out;
        }
        return node.deepCopy();
    }

    /** RFC 7386: applies a JSON merge patch to a copy of target; null in the patch deletes the field. */
    public static JsonNode applyMergePatch(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return patch == null ? null : patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), applyMergePatch(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }

    /** Whether a merge patch deletes anything (has a null anywhere). */
    public static boolean hasNull(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isNull()) {
            return true;
        }
        for (JsonNode child : node) {
            if (hasNull(child)) {
                return true;
            }
        }
        return false;
    }
}
