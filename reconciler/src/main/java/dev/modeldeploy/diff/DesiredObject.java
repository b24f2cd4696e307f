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
 * annotation records.
 */
public final class DesiredObject {
    private static final Set<String> METADATA_WE_SET =
            Set.of("name", "namespace", "labels", "annotations", "finalizers", "ownerReferences");

    private final ObjectNode withoutAnnotation;
    private final ObjectNode body;

    private DesiredObject(ObjectNode withoutAnnotation, ObjectNode body) {
        this.withoutAnnotation = withoutAnnotation;
        this.body = body;
    }

    public static DesiredObject of(GenericKubernetesResource resource) {
        ObjectNode tree = Serialization.jsonMapper().valueToTree(resource);
        return of(tree);
    }

    public static DesiredObject of(ObjectNode resource) {
        ObjectNode tree = resource.deepCopy();
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
        ObjectNode body = canonical.deepCopy();
        body.withObjectProperty("metadata").withObjectProperty("annotations").put(LastApplied.ANNOTATION, LastApplied.annotationFor(canonical));
        return new DesiredObject(canonical, body);
    }

    /** The object as create sends it, with the last-applied annotation. */
    public ObjectNode body() {
        return body.deepCopy();
    }

    /** The object as the annotation records it. */
    public ObjectNode withoutAnnotation() {
        return withoutAnnotation.deepCopy();
    }

    public String name() {
        return body.path("metadata").path("name").asText();
    }

    JsonNode bodyView() {
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
