package dev.modeldeploy.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A rendered object in the form we compare and send: only the fields Git sets (status and server-owned metadata
 * dropped, nulls dropped, keys sorted), Secret stringData folded into data as the API server would, and the
 * last-applied annotation added. {@link #body()} is what create sends; {@link #withoutAnnotation()} is what the
 * annotation records. Both trees are shared, not copied: callers must not modify them.
 */
public final class DesiredObject {
    private static final Set<String> METADATA_WE_SET =
            Set.of("name", "namespace", "labels", "annotations", "finalizers", "ownerReferences");

    private final ObjectNode withoutAnnotation;
    private final ObjectNode body;
    private final String annotation;

    private DesiredObject(ObjectNode withoutAnnotation, ObjectNode body, String annotation) {
        this.withoutAnnotation = withoutAnnotation;
        this.body = body;
        this.annotation = annotation;
    }

    public static DesiredObject of(GenericKubernetesResource resource) {
        return ofOwnedTree(Serialization.jsonMapper().valueToTree(resource));
    }

    public static DesiredObject of(ObjectNode resource) {
        return ofOwnedTree(resource.deepCopy());
    }

    /** From a tree the caller hands over: it is trimmed in place, so it must not be used afterwards. */
    public static DesiredObject ofOwnedTree(ObjectNode tree) {
        tree.remove("status");
        JsonNode metadata = tree.get("metadata");
        if (metadata instanceof ObjectNode meta) {
            meta.retain(METADATA_WE_SET);
            if (meta.get("annotations") instanceof ObjectNode annotations) {
                annotations.remove(LastApplied.ANNOTATION);
                if (annotations.isEmpty()) {
                    meta.remove("annotations");
                }
            }
            if (meta.get("labels") instanceof ObjectNode labels && labels.isEmpty()) {
                meta.remove("labels");
            }
        }
        foldStringData(tree);
        ObjectNode canonical = (ObjectNode) JsonValues.canonical(tree);
        String annotation = LastApplied.annotationForCanonical(canonical);
        return new DesiredObject(canonical, withAnnotation(canonical, annotation), annotation);
    }

    /** The object as create sends it, with the last-applied annotation. Shared: do not modify. */
    public ObjectNode body() {
        return body;
    }

    /** The object as the annotation records it. Shared: do not modify. */
    public ObjectNode withoutAnnotation() {
        return withoutAnnotation;
    }

    /** The last-applied annotation's value; equal values mean equal desired objects. */
    public String annotation() {
        return annotation;
    }

    public String name() {
        return body.path("metadata").path("name").asText();
    }

    /** A copy sharing every subtree except the path down to the annotations, which gets the last-applied entry. */
    private static ObjectNode withAnnotation(ObjectNode canonical, String annotation) {
        ObjectNode body = canonical.objectNode();
        body.setAll(canonical);
        ObjectNode metadata = body.objectNode();
        if (canonical.get("metadata") instanceof ObjectNode original) {
            metadata.setAll(original);
        }
        ObjectNode annotations = body.objectNode();
        if (metadata.get("annotations") instanceof ObjectNode original) {
            annotations.setAll(original);
        }
        annotations.put(LastApplied.ANNOTATION, annotation);
        metadata.set("annotations", annotations);
        body.set("metadata", metadata);
        return body;
    }

    /** The API server turns a Secret's write-only stringData into base64 data; doing it here avoids an endless diff. */
    private static void foldStringData(ObjectNode tree) {
        if (!"Secret".equals(tree.path("kind").asText()) || !(tree.get("stringData") instanceof ObjectNode strings)) {
            return;
        }
        ObjectNode data = tree.get("data") instanceof ObjectNode d ? d : tree.putObject("data");
        for (Iterator<Map.Entry<String, JsonNode>> it = strings.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            data.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        }
        tree.remove("stringData");
    }
}
