package dev.modeldeploy.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * The annotation that remembers what modeldeploy applied last, like kubectl's last-applied-configuration: the
 * desired object's canonical JSON. It is what lets the diff tell "a field we stopped setting" (remove it) from
 * "a field somebody else set" (leave it).
 *
 * <p>The values under data and binaryData of Secrets and ConfigMaps are stored as "sha256:&lt;hex&gt;": no secret
 * is copied into an annotation, and a large ConfigMap (an OpenAPI document) does not double in size against the
 * API server's 256 KiB limit on annotations. Which keys we set, and whether a value is still the one in Git, can
 * still be read back.
 */
public final class LastApplied {
    public static final String ANNOTATION = "modeldeploy.dev/last-applied";
    private static final String HASH_PREFIX = "sha256:";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] HASHED_FIELDS = {"data", "binaryData"};

    private LastApplied() {
    }

    /** The annotation value for a desired object (normalized, without the annotation). */
    public static String annotationFor(JsonNode desired) {
        return annotationForCanonical(JsonValues.canonical(desired));
    }

    /** The same for a tree already in canonical form (keys sorted, no nulls), which is not modified. */
    static String annotationForCanonical(JsonNode canonical) {
        if (!hasHashedData(canonical)) {
            return canonical.toString();
        }
        JsonNode recorded = canonical.deepCopy();
        for (String field : HASHED_FIELDS) {
            if (recorded.get(field) instanceof ObjectNode data) {
                for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    e.setValue(data.textNode(hash(e.getValue().asText())));
                }
            }
        }
        return recorded.toString();
    }

    /** Like {@link #read(JsonNode, JsonNode)}, without parsing when the live annotation is the desired one. */
    public static JsonNode read(JsonNode live, DesiredObject desired) {
        JsonNode text = live.path("metadata").path("annotations").path(ANNOTATION);
        if (text.isTextual() && text.asText().equals(desired.annotation())) {
            return desired.withoutAnnotation();
        }
        return read(live, desired.withoutAnnotation());
    }

    /**
     * What we applied last, read from a live object's annotation; null when it has none or it does not parse
     * (then removals cannot be detected and fields are only set). Hashed data values that still match the desired
     * value are replaced by that value, so unchanged data compares equal.
     */
    public static JsonNode read(JsonNode live, JsonNode desired) {
        JsonNode text = live.path("metadata").path("annotations").path(ANNOTATION);
        if (!text.isTextual()) {
            return null;
        }
        JsonNode recorded;
        try {
            recorded = MAPPER.readTree(text.asText());
        } catch (JsonProcessingException e) {
            return null;
        }
        if (!recorded.isObject()) {
            return null;
        }
        if (hasHashedData(recorded)) {
            for (String field : HASHED_FIELDS) {
                if (recorded.get(field) instanceof ObjectNode data) {
                    JsonNode wantedData = desired.path(field);
                    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        JsonNode wanted = wantedData.get(e.getKey());
                        if (wanted != null && wanted.isTextual()
                                && hash(wanted.asText()).equals(e.getValue().asText())) {
                            e.setValue(wanted.deepCopy());
                        }
                    }
                }
            }
        }
        return recorded;
    }

    /**
     * Whether two annotation values record the same object: equal text, or equal JSON compared as the diff compares
     * (so a record that spells a quantity differently, as older versions wrote it, is the same record).
     */
    static boolean sameRecord(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return JsonValues.same(MAPPER.readTree(a), MAPPER.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static boolean hasHashedData(JsonNode object) {
        String kind = object.path("kind").asText();
        return "v1".equals(object.path("apiVersion").asText()) && ("Secret".equals(kind) || "ConfigMap".equals(kind));
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HASH_PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
