package dev.modeldeploy.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.diff.LastApplied;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.ManagedLabels;
import dev.modeldeploy.render.RenderedYaml;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Objects as JSON trees: conversion, identity, the normalizations a plan needs, and YAML text. */
final class ObjectTrees {
    /** What the API server adds to every object and nobody writes in Git. */
    private static final Set<String> SERVER_METADATA = Set.of("managedFields", "uid", "resourceVersion", "generation",
            "creationTimestamp", "selfLink");
    /** Bookkeeping the daemon writes and a plan must not report as a difference. */
    private static final List<String> BOOKKEEPING_ANNOTATIONS = List.of(LastApplied.ANNOTATION,
            ManagedLabels.SOURCE_COMMIT, ManagedLabels.ROLLOUT);

    static final Comparator<ObjectNode> BY_APPLY_ORDER = Comparator
            .comparingInt(ObjectTrees::applyOrder)
            .thenComparing(ObjectTrees::kind)
            .thenComparing(ObjectTrees::name);

    private ObjectTrees() {
    }

    static ObjectNode tree(GenericKubernetesResource resource) {
        return Serialization.jsonMapper().valueToTree(resource);
    }

    static String apiVersion(JsonNode object) {
        return object.path("apiVersion").asText("");
    }

    static String kind(JsonNode object) {
        return object.path("kind").asText("");
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText("");
    }

    /** apiVersion, kind and name: how an object is matched across the two sides. */
    static String identity(JsonNode object) {
        return apiVersion(object) + " " + kind(object) + " " + name(object);
    }

    static boolean isSecret(JsonNode object) {
        return "Secret".equals(kind(object)) && "v1".equals(apiVersion(object));
    }

    static String label(JsonNode object, String key) {
        JsonNode value = object.path("metadata").path("labels").path(key);
        return value.isTextual() ? value.asText() : null;
    }

    static String annotation(JsonNode object, String key) {
        JsonNode value = object.path("metadata").path("annotations").path(key);
        return value.isTextual() ? value.asText() : null;
    }

    /**
     * A live object as Git would have written it: without status, server-set metadata and the daemon's
     * bookkeeping annotations; a Secret's stringData folded into data.
     */
    static ObjectNode normalizeLive(JsonNode live) {
        ObjectNode tree = (ObjectNode) live.deepCopy();
        tree.remove("status");
        if (tree.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove(SERVER_METADATA);
            stripBookkeeping(metadata);
        }
        foldStringData(tree);
        return tree;
    }

    /** A rendered object as compared: the daemon's bookkeeping annotations removed, Secret stringData folded. */
    static ObjectNode normalizeRendered(JsonNode rendered) {
        ObjectNode tree = (ObjectNode) rendered.deepCopy();
        if (tree.get("metadata") instanceof ObjectNode metadata) {
            stripBookkeeping(metadata);
        }
        foldStringData(tree);
        return tree;
    }

    /**
     * The bookkeeping removed in place (the annotations above, and the install's identity label, which the daemon
     * stamps and Git never holds); an empty annotations map is removed too.
     */
    static void stripBookkeeping(ObjectNode metadata) {
        if (metadata.get("labels") instanceof ObjectNode labels) {
            labels.remove(ManagedLabels.INSTANCE);
        }
        if (metadata.get("annotations") instanceof ObjectNode annotations) {
            annotations.remove(BOOKKEEPING_ANNOTATIONS);
            if (annotations.isEmpty()) {
                metadata.remove("annotations");
            }
        }
    }

    /** The API server stores stringData base64-encoded in data; comparing in that form avoids a false difference. */
    static void foldStringData(ObjectNode tree) {
        if (!isSecret(tree) || !(tree.get("stringData") instanceof ObjectNode strings)) {
            return;
        }
        ObjectNode data = tree.get("data") instanceof ObjectNode d ? d : tree.putObject("data");
        for (Iterator<Map.Entry<String, JsonNode>> it = strings.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            data.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        }
        tree.remove("stringData");
    }

    /** The object as YAML, through the renderers' stable YAML writer; empty for null. */
    static String yaml(ObjectNode object) {
        if (object == null) {
            return "";
        }
        GenericKubernetesResource resource = Serialization.jsonMapper().convertValue(object, GenericKubernetesResource.class);
        return RenderedYaml.toYaml(resource);
    }

    private static int applyOrder(ObjectNode object) {
        try {
            return ManagedKind.of(apiVersion(object), kind(object)).applyOrder();
        } catch (IllegalArgumentException e) {
            return Integer.MAX_VALUE;
        }
    }
}
