package dev.modeldeploy.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 7386 applied as the API server would, written apart from the engine's code so tests check it, not echo it. */
final class RfcMergePatch {
    private static final ObjectMapper M = new ObjectMapper();

    private RfcMergePatch() {
    }

    static JsonNode apply(JsonNode target, JsonNode patch) {
        return M.valueToTree(mergePatch(M.convertValue(target, Object.class), M.convertValue(patch, Object.class)));
    }

    @SuppressWarnings("unchecked")
    private static Object mergePatch(Object target, Object patch) {
        if (!(patch instanceof Map)) {
            return patch;
        }
        Map<String, Object> result = target instanceof Map
                ? new LinkedHashMap<>((Map<String, Object>) target) : new LinkedHashMap<>();
        ((Map<String, Object>) patch).forEach((key, value) -> {
            if (value == null) {
                result.remove(key);
            } else {
                result.put(key, mergePatch(result.get(key), value));
            }
        });
        return result;
    }
}
