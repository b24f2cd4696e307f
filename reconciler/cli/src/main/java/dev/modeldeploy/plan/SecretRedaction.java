package dev.modeldeploy.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Keeps Secret values out of a plan: a Secret shows its keys only, each value replaced by {@value #REDACTED}, or by
 * {@value #REDACTED_CHANGED} on the after side when the value differs, so a changed value still shows in the diff
 * without being printed. Also hides the annotations that could carry a copy of the values.
 */
final class SecretRedaction {
    static final String REDACTED = "<redacted>";
    static final String REDACTED_CHANGED = "<redacted (changed)>";
    private static final List<String> VALUE_FIELDS = List.of("data", "stringData", "binaryData");
    private static final String KUBECTL_LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /** A redacted pair; changedKeys names the keys whose values differ (or exist on one side only). */
    record Redacted(ObjectNode before, ObjectNode after, List<String> changedKeys) {
    }

    private SecretRedaction() {
    }

    /** Either side may be null (object added or removed); objects that are not Secrets are returned as they are. */
    static Redacted redact(ObjectNode before, ObjectNode after) {
        boolean secret = (before != null && ObjectTrees.isSecret(before)) || (after != null && ObjectTrees.isSecret(after));
        if (!secret) {
            return new Redacted(before, after, List.of());
        }
        ObjectNode redactedBefore = before == null ? null : before.deepCopy();
        ObjectNode redactedAfter = after == null ? null : after.deepCopy();
        List<String> changed = new ArrayList<>();
        for (String field : VALUE_FIELDS) {
            JsonNode beforeValues = before == null ? null : before.get(field);
            JsonNode afterValues = after == null ? null : after.get(field);
            if (redactedBefore != null && redactedBefore.get(field) instanceof ObjectNode values) {
                for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    e.setValue(values.textNode(REDACTED));
                }
            }
            if (redactedAfter != null && redactedAfter.get(field) instanceof ObjectNode values) {
                for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode old = beforeValues == null ? null : beforeValues.get(e.getKey());
                    boolean differs = before != null && (old == null || !old.equals(afterValues.get(e.getKey())));
                    if (differs) {
                        changed.add(e.getKey());
                    }
                    e.setValue(values.textNode(differs ? REDACTED_CHANGED : REDACTED));
                }
            }
            if (beforeValues instanceof ObjectNode old && before != null && after != null) {
                old.fieldNames().forEachRemaining(key -> {
                    if (afterValues == null || !afterValues.has(key)) {
                        changed.add(key);
                    }
                });
            }
        }
        hideCopies(redactedBefore);
        hideCopies(redactedAfter);
        return new Redacted(redactedBefore, redactedAfter, List.copyOf(changed));
    }

    private static void hideCopies(ObjectNode secret) {
        if (secret != null && secret.path("metadata").get("annotations") instanceof ObjectNode annotations
                && annotations.has(KUBECTL_LAST_APPLIED)) {
            annotations.put(KUBECTL_LAST_APPLIED, REDACTED);
        }
    }
}
