package dev.modeldeploy.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.diff.JsonValues;
import java.util.Iterator;

/**
 * The part of a live object the daemon owns, laid out like the desired object so the two diff line by line:
 * the fields Git sets (in Git's order), plus the fields the daemon set last time that Git no longer sets (it
 * would remove them). Fields only others set (server defaults, other controllers' labels) are left out, since the
 * daemon leaves them alone; in a list of the same length each item is projected on Git's item, as the three-way
 * diff compares them.
 */
final class LiveProjection {
    private LiveProjection() {
    }

    /**
     * @param live        the normalized live object
     * @param desired     the object Git wants
     * @param lastApplied what the daemon applied last, or null when unknown
     */
    static ObjectNode project(ObjectNode live, ObjectNode desired, JsonNode lastApplied) {
        return (ObjectNode) node(live, desired, lastApplied);
    }

    private static JsonNode node(JsonNode live, JsonNode desired, JsonNode last) {
        if (live.isObject() && desired.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<String> it = desired.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                JsonNode have = live.get(key);
                if (!JsonValues.absent(have)) {
                    out.set(key, node(have, desired.get(key), field(last, key)));
                }
            }
            if (last != null && last.isObject()) {
                for (Iterator<String> it = last.fieldNames(); it.hasNext(); ) {
                    String key = it.next();
                    JsonNode have = live.get(key);
                    if (!desired.has(key) && !JsonValues.absent(have)) {
                        out.set(key, have.deepCopy());
                    }
                }
            }
            return out;
        }
        if (live.isArray() && desired.isArray() && live.size() == desired.size()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < live.size(); i++) {
                JsonNode lastItem = last != null && last.isArray() && last.size() > i ? last.get(i) : null;
                out.add(node(live.get(i), desired.get(i), lastItem));
            }
            return out;
        }
        return live.deepCopy();
    }

    private static JsonNode field(JsonNode node, String key) {
        return node != null && node.isObject() ? node.get(key) : null;
    }
}
