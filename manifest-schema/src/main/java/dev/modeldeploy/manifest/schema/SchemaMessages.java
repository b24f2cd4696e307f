package dev.modeldeploy.manifest.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import dev.modeldeploy.manifest.rules.FieldPath;
import dev.modeldeploy.manifest.rules.Problem;
import dev.modeldeploy.manifest.rules.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rewrites networknt's schema errors in the manifest author's terms ("unknown field 'minReplica'; did you mean
 * 'minReplicas'?") and anchors each to the right YAML node: the key for an unknown field, the enclosing mapping
 * for a missing one, the value otherwise.
 */
final class SchemaMessages {
    private final Map<String, JsonNode> schemaDocuments;

    SchemaMessages(Map<String, JsonNode> schemaDocuments) {
        this.schemaDocuments = schemaDocuments;
    }

    Problem toProblem(Error error) {
        FieldPath at = ManifestSchemas.toFieldPath(error.getInstanceLocation());
        JsonNode instance = error.getInstanceNode();
        JsonNode schemaValue = error.getSchemaNode();
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        if (error.isCustomMessage()) {
            return Problem.atValue(at, error.getMessage());
        }
        switch (keyword) {
            case "required": {
                String field = error.getProperty();
                return Problem.missing(at.field(field), "missing required field '" + field + "'");
            }
            case "additionalProperties": {
                String field = error.getProperty();
                return Problem.atKey(at.field(field), unknownField(field, knownProperties(error)));
            }
            case "enum": {
                List<String> allowed = new ArrayList<>();
                schemaValue.forEach(v -> allowed.add(v.asText()));
                String written = instance.isValueNode() ? instance.asText() : describe(instance);
                return Problem.atValue(at, "unknown value '" + written + "' (expected one of: " + String.join(", ", allowed) + ")"
                        + (instance.isTextual() ? Suggestions.didYouMean(written, allowed) : ""));
            }
            case "const":
                return Problem.atValue(at, "must be " + schemaValue.asText() + ", not " + shortValue(instance));
            case "type":
                return Problem.atValue(at, "expected " + expectedTypes(schemaValue) + ", got " + describe(instance));
            case "minimum":
                return Problem.atValue(at, "must be at least " + schemaValue.asText() + " (is " + instance.asText() + ")");
            case "maximum":
                return Problem.atValue(at, "must be at most " + schemaValue.asText() + " (is " + instance.asText() + ")");
            case "minLength":
                return Problem.atValue(at, "must not be empty");
            case "minItems":
                return Problem.atValue(at, "must list at least " + schemaValue.asText() + (schemaValue.asInt() == 1 ? " entry" : " entries"));
            default:
                return Problem.atValue(at, error.getMessage());
        }
    }

    private static String unknownField(String field, List<String> known) {
        String suggestion = Suggestions.didYouMean(field, known);
        if (!suggestion.isEmpty()) {
            return "unknown field '" + field + "'" + suggestion;
        }
        return "unknown field '" + field + "'" + (known.isEmpty() ? "" : " (known fields: " + String.join(", ", known) + ")");
    }

    /** The property names the failing object's schema declares, found next to its additionalProperties keyword. */
    private List<String> knownProperties(Error error) {
        SchemaLocation location = error.getSchemaLocation();
        List<String> names = new ArrayList<>();
        if (location == null || location.getAbsoluteIri() == null) {
            return names;
        }
        JsonNode node = schemaDocuments.get(location.getAbsoluteIri().toString());
        com.networknt.schema.path.NodePath fragment = location.getFragment();
        for (int i = 0; node != null && fragment != null && i < fragment.getNameCount() - 1; i++) {
            Object element = fragment.getElement(i);
            node = element instanceof Integer index ? node.get(index) : node.get(String.valueOf(element));
        }
        if (node != null && node.get("properties") != null) {
            node.get("properties").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private static String expectedTypes(JsonNode schemaValue) {
        if (schemaValue.isArray()) {
            List<String> names = new ArrayList<>();
            schemaValue.forEach(t -> names.add(typeName(t.asText())));
            return String.join(" or ", names);
        }
        return typeName(schemaValue.asText());
    }

    private static String typeName(String jsonType) {
        return switch (jsonType) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "string" -> "text";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "null" -> "nothing";
            default -> jsonType;
        };
    }

    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "nothing";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isTextual()) {
            return "text " + shortValue(value);
        }
        if (value.isBoolean()) {
            return value.asText();
        }
        if (value.isIntegralNumber()) {
            return "the whole number " + value.asText();
        }
        return "the number " + value.asText();
    }

    private static String shortValue(JsonNode value) {
        String text = value.isValueNode() ? value.asText() : value.toString();
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        return "'" + text + "'";
    }
}
