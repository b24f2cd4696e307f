package dev.modeldeploy.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates an object against its CRD's openAPIV3Schema the way the API server would: the served version's schema,
 * checked with the OpenAPI 3.0 dialect after translating the Kubernetes extensions.
 * <ul>
 *   <li>x-kubernetes-int-or-string: an integer or a string (any type keyword is dropped);</li>
 *   <li>x-kubernetes-embedded-resource: apiVersion, kind and metadata are allowed, apiVersion and kind required;</li>
 *   <li>x-kubernetes-preserve-unknown-fields: fields the schema does not name are kept;</li>
 *   <li>anywhere else an object's schema is structural, so a field it does not name would be pruned (dropped
 *       silently, or rejected with strict field validation): it becomes additionalProperties: false here, so such
 *       a field is an error rather than a silent loss;</li>
 *   <li>x-kubernetes-list-type: set requires unique items; map requires unique x-kubernetes-list-map-keys;</li>
 *   <li>the top level always takes apiVersion, kind and metadata; metadata is ObjectMeta, which the API server
 *       checks itself: it is left open here and the tests check names and labels separately.</li>
 * </ul>
 * CEL rules (x-kubernetes-validations) are not evaluated; the few in these CRDs are asserted by the tests directly.
 * Public and in the test-jar: the chart tests in reconciler/server check the chart's objects with the same rules.
 */
public final class CrdSchemaValidator {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<ManagedKind, CrdSchemaValidator> CACHE = new ConcurrentHashMap<>();

    private final JsonNode structuralSchema;
    private final Schema schema;

    // The Kubernetes extensions are handled by translate(); the dialect only needs to know they are not checks.
    private static final Dialect KUBERNETES_OPENAPI = Dialect.builder(Dialects.getOpenApi30())
            .keyword(new NonValidationKeyword("x-kubernetes-int-or-string"))
            .keyword(new NonValidationKeyword("x-kubernetes-preserve-unknown-fields"))
            .keyword(new NonValidationKeyword("x-kubernetes-embedded-resource"))
            .keyword(new NonValidationKeyword("x-kubernetes-validations"))
            .keyword(new NonValidationKeyword("x-kubernetes-list-type"))
            .keyword(new NonValidationKeyword("x-kubernetes-list-map-keys"))
            .keyword(new NonValidationKeyword("x-kubernetes-map-type"))
            .build();

    private CrdSchemaValidator(JsonNode openApiV3Schema) {
        this.structuralSchema = openApiV3Schema;
        this.schema = SchemaRegistry.withDefaultDialect(KUBERNETES_OPENAPI).getSchema(openApiV3Schema);
    }

    public static CrdSchemaValidator forKind(ManagedKind kind) {
        return CACHE.computeIfAbsent(kind, k -> fromCrd(TestPaths.crd(k.group(), k.plural()), k.version()));
    }

    /** The served version's schema of the CRD in crdFile (one of testenv/crds). */
    public static CrdSchemaValidator fromCrd(Path crdFile, String version) {
        JsonNode crd;
        try {
            crd = YAML.readTree(crdFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CRD " + crdFile, e);
        }
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("name").asText().equals(version) && v.path("served").asBoolean()) {
                JsonNode schema = v.path("schema").path("openAPIV3Schema");
                if (!schema.isObject()) {
                    throw new IllegalArgumentException(crdFile + ": version " + version + " has no openAPIV3Schema");
                }
                return new CrdSchemaValidator(translate(schema.deepCopy()));
            }
        }
        throw new IllegalArgumentException(crdFile + " serves no version " + version);
    }

    public static CrdSchemaValidator fromSchema(JsonNode openApiV3Schema) {
        return new CrdSchemaValidator(translate(openApiV3Schema.deepCopy()));
    }

    /** Error messages with their JSON pointers; empty when the object is valid. */
    public List<String> validate(GenericKubernetesResource object) {
        return validate(JSON.valueToTree(object));
    }

    public List<String> validate(JsonNode instance) {
        List<String> messages = new ArrayList<>();
        for (Error error : schema.validate(instance)) {
            messages.add(error.getInstanceLocation() + ": " + error.getMessage());
        }
        checkListMapKeys(structuralSchema, instance, "", messages);
        return messages;
    }

    static JsonNode translate(JsonNode root) {
        ObjectNode schema = (ObjectNode) root;
        // The API server always accepts apiVersion, kind and metadata at the top, declared or not (Istio's CRDs
        // declare only spec and status); metadata is ObjectMeta, checked by the API server itself.
        ObjectNode properties = schema.has("properties") ? (ObjectNode) schema.get("properties") : schema.putObject("properties");
        if (!properties.has("apiVersion")) {
            properties.putObject("apiVersion").put("type", "string");
        }
        if (!properties.has("kind")) {
            properties.putObject("kind").put("type", "string");
        }
        properties.putObject("metadata").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
        translateNode(schema);
        return schema;
    }

    private static void translateNode(ObjectNode node) {
        if (node.path("x-kubernetes-int-or-string").asBoolean()) {
            node.remove("type");
            if (!node.has("anyOf")) {
                ArrayNode anyOf = node.putArray("anyOf");
                anyOf.addObject().put("type", "integer");
                anyOf.addObject().put("type", "string");
            }
        }
        boolean embedded = node.path("x-kubernetes-embedded-resource").asBoolean();
        if (embedded) {
            ObjectNode properties = node.has("properties") ? (ObjectNode) node.get("properties") : node.putObject("properties");
            if (!properties.has("apiVersion")) {
                properties.putObject("apiVersion").put("type", "string");
            }
            if (!properties.has("kind")) {
                properties.putObject("kind").put("type", "string");
            }
            if (!properties.has("metadata")) {
                properties.putObject("metadata").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
            }
            ArrayNode required = node.has("required") ? (ArrayNode) node.get("required") : node.putArray("required");
            addIfAbsent(required, "apiVersion");
            addIfAbsent(required, "kind");
        }
        if ("set".equals(node.path("x-kubernetes-list-type").asText())) {
            node.put("uniqueItems", true);
        }
        boolean preserve = node.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        boolean isObject = "object".equals(node.path("type").asText()) || node.has("properties");
        if (isObject && !preserve && !node.has("additionalProperties")) {
            node.put("additionalProperties", false);
        }
        for (String key : new String[] {"properties", "patternProperties"}) {
            JsonNode children = node.get(key);
            if (children instanceof ObjectNode childObjects) {
                Iterator<Map.Entry<String, JsonNode>> it = childObjects.fields();
                while (it.hasNext()) {
                    JsonNode child = it.next().getValue();
                    if (child instanceof ObjectNode o) {
                        translateNode(o);
                    }
                }
            }
        }
        // anyOf/allOf/oneOf/not only add value checks in a structural schema; they are left as they are.
        for (String key : new String[] {"items", "additionalProperties"}) {
            if (node.get(key) instanceof ObjectNode o) {
                translateNode(o);
            }
        }
    }

    /** JSON Schema has no keyed uniqueness: the API server rejects two items of a list-map with the same keys. */
    private static void checkListMapKeys(JsonNode schemaNode, JsonNode value, String pointer, List<String> errors) {
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
            JsonNode itemSchema = schemaNode.path("items");
            if (itemSchema.isObject()) {
                for (int i = 0; i < value.size(); i++) {
                    checkListMapKeys(itemSchema, value.get(i), pointer + "/" + i, errors);
                }
            }
        }
    }

    private static void addIfAbsent(ArrayNode array, String value) {
        for (JsonNode item : array) {
            if (item.asText().equals(value)) {
                return;
            }
        }
        array.add(JsonNodeFactory.instance.textNode(value));
    }
}
