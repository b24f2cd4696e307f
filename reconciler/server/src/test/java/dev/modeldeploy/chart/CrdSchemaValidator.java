package dev.modeldeploy.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates an object against a CustomResourceDefinition's {@code openAPIV3Schema} roughly as the API server does.
 *
 * <p>The schema is OpenAPI 3.0 flavoured (Draft 4 underneath). The Kubernetes extensions are applied like this:
 * <ul>
 *   <li>unknown fields are errors unless {@code x-kubernetes-preserve-unknown-fields} is set (the API server would
 *       prune them silently, and {@code kubectl --validate=strict} rejects them: either way they are a bug);</li>
 *   <li>{@code x-kubernetes-int-or-string} accepts an integer or a string;</li>
 *   <li>{@code x-kubernetes-embedded-resource} accepts apiVersion, kind and metadata;</li>
 *   <li>{@code x-kubernetes-list-type: set} requires unique items, {@code map} unique
 *       {@code x-kubernetes-list-map-keys};</li>
 *   <li>{@code x-kubernetes-validations} (CEL rules) are not evaluated.</li>
 * </ul>
 */
final class CrdSchemaValidator {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String crdName;
    private final JsonNode structuralSchema;
    private final Schema schema;

    private CrdSchemaValidator(String crdName, JsonNode structuralSchema) {
        this.crdName = crdName;
        this.structuralSchema = structuralSchema;
        this.schema = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30()).getSchema(structuralSchema);
    }

    static CrdSchemaValidator load(Path crdFile, String version) {
        JsonNode crd;
        try {
            crd = YAML.readTree(crdFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CRD " + crdFile, e);
        }
        for (JsonNode served : crd.path("spec").path("versions")) {
            if (served.path("name").asText().equals(version)) {
                JsonNode openApi = served.path("schema").path("openAPIV3Schema");
                if (openApi.isMissingNode()) {
                    throw new IllegalArgumentException(crdFile + ": version " + version + " has no openAPIV3Schema");
                }
                return new CrdSchemaValidator(crd.path("metadata").path("name").asText(),
                        applyKubernetesExtensions(openApi.deepCopy()));
            }
        }
        throw new IllegalArgumentException(crdFile + ": no version " + version);
    }

    /** Errors as {@code <json pointer>: <message>}; empty when the object is valid. */
    List<String> validate(JsonNode object) {
        List<String> errors = new ArrayList<>();
        for (Error error : schema.validate(object)) {
            errors.add(crdName + " " + error.getInstanceLocation() + ": " + error.getMessage());
        }
        checkListMapKeys(structuralSchema, object, "", errors);
        return errors;
    }

    /** Walks subschemas only (not the maps that hold them), so a field named "properties" cannot confuse it. */
    private static JsonNode applyKubernetesExtensions(JsonNode node) {
        if (!(node instanceof ObjectNode schemaNode)) {
            return node;
        }
        schemaNode.path("properties").forEach(CrdSchemaValidator::applyKubernetesExtensions);
        applyKubernetesExtensions(schemaNode.path("additionalProperties"));
        applyKubernetesExtensions(schemaNode.path("not"));
        JsonNode items = schemaNode.path("items");
        if (items.isArray()) {
            items.forEach(CrdSchemaValidator::applyKubernetesExtensions);
        } else {
            applyKubernetesExtensions(items);
        }
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            schemaNode.path(combinator).forEach(CrdSchemaValidator::applyKubernetesExtensions);
        }
        tighten(schemaNode);
        return schemaNode;
    }

    private static void tighten(ObjectNode schemaNode) {
        if (schemaNode.path("x-kubernetes-int-or-string").asBoolean() && !schemaNode.has("anyOf")
                && !schemaNode.has("type")) {
            ArrayNode anyOf = schemaNode.putArray("anyOf");
            anyOf.addObject().put("type", "integer");
            anyOf.addObject().put("type", "string");
        }
        if (schemaNode.path("x-kubernetes-embedded-resource").asBoolean() && schemaNode.has("properties")) {
            ObjectNode properties = (ObjectNode) schemaNode.get("properties");
            properties.putIfAbsent("apiVersion", NODES.objectNode().put("type", "string"));
            properties.putIfAbsent("kind", NODES.objectNode().put("type", "string"));
            properties.putIfAbsent("metadata", NODES.objectNode().put("type", "object"));
        }
        if ("set".equals(schemaNode.path("x-kubernetes-list-type").asText())) {
            schemaNode.put("uniqueItems", true);
        }
        boolean describesObjectFields = schemaNode.has("properties") && schemaNode.get("properties").isObject();
        if (describesObjectFields && !schemaNode.has("additionalProperties")
                && !schemaNode.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            schemaNode.put("additionalProperties", false);
        }
    }

    private static void checkListMapKeys(JsonNode schemaNode, JsonNode value, String pointer, List<String> errors) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return;
        }
        if (value.isObject()) {
            JsonNode properties = schemaNode.path("properties");
            value.fields().forEachRemaining(field -> {
                JsonNode fieldSchema = properties.path(field.getKey());
                if (fieldSchema.isMissingNode()) {
                    fieldSchema = schemaNode.path("additionalProperties");
                }
                if (fieldSchema.isObject()) {
                    checkListMapKeys(fieldSchema, field.getValue(), pointer + "/" + field.getKey(), errors);
                }
            });
        } else if (value.isArray()) {
            JsonNode itemSchema = schemaNode.path("items");
            if ("map".equals(schemaNode.path("x-kubernetes-list-type").asText())) {
                Set<List<String>> seen = new HashSet<>();
                for (int i = 0; i < value.size(); i++) {
                    List<String> key = new ArrayList<>();
                    for (JsonNode keyName : schemaNode.path("x-kubernetes-list-map-keys")) {
                        key.add(value.get(i).path(keyName.asText()).asText());
                    }
                    if (!seen.add(key)) {
                        errors.add(pointer + "/" + i + ": duplicate list-map key " + key);
                    }
                }
            }
            if (itemSchema.isObject()) {
                for (int i = 0; i < value.size(); i++) {
                    checkListMapKeys(itemSchema, value.get(i), pointer + "/" + i, errors);
                }
            }
        }
    }
}
