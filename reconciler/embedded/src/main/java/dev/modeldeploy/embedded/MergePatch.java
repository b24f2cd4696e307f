package dev.modeldeploy.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * JSON merge patch (RFC 7386) as the API server applies it. The embedded server keeps its own copy rather than
 * the engine's diff code, so the objects it stores are not shaped by the code whose patches it receives.
 */
final class MergePatch {
    private MergePatch() {
    }

    /** The RFC's MergePatch(Target, Patch) on a copy of target: null deletes a member, a non-object replaces. */
    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> member : (Iterable<Map.Entry<String, JsonNode>>) patch::fields) {
            if (member.getValue().isNull()) {
                result.remove(member.getKey());
            } else {
                result.set(member.getKey(), apply(result.get(member.getKey()), member.getValue()));
            }
        }
        return result;
    }
}
