package dev.modeldeploy.manifest.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's manifest reference, generated from the JSON Schemas: one table per kind with every field, its type,
 * its default, the rules the schema enforces and its description. Defaults are not a schema keyword here; they are
 * written in the descriptions ("Default 0.", "(defaults: cpu 125m, memory 128Mi)"), so they are lifted out of the
 * text into their own column.
 */
final class ManifestReference {
    /** The kinds in the order the README shows them, with their schema files. */
    static final Map<String, String> KINDS = kinds();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEFAULT_SENTENCE = Pattern.compile("(?:^|(?<=\\.\\s))(?:Defaults?:?\\s+)(.+?)\\.(?=\\s|$)");
    private static final Pattern DEFAULT_IN_PARENTHESES = Pattern.compile("\\s*\\((?:defaults?):\\s*([^)]*)\\)");
    private static final Pattern NO_DEFAULT = Pattern.compile("(?:^|(?<=\\.\\s))No default\\.(?=\\s|$)");

    private final Path schemaDir;
    private final Map<String, JsonNode> documents = new LinkedHashMap<>();

    ManifestReference(Path schemaDir) {
        this.schemaDir = schemaDir;
    }

    private static Map<String, String> kinds() {
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("ModelDeployment", "model-deployment.schema.json");
        kinds.put("ModelRoute", "model-route.schema.json");
        return kinds;
    }

    /** The Markdown that goes between the README's markers. */
    String markdown() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> kind : KINDS.entrySet()) {
            JsonNode schema = document(kind.getValue());
            out.append("#### ").append(kind.getKey()).append("\n\n");
            out.append(html(text(schema.path("description")))).append(" Schema: `manifest-schema/src/main/resources/schemas/")
                    .append(kind.getValue()).append("`.\n\n");
            out.append("| Field | Type | Default | Rules | Description |\n");
            out.append("|---|---|---|---|---|\n");
            List<Row> rows = new ArrayList<>();
            collect(kind.getValue(), schema, "", rows, new HashSet<>());
            for (Row row : rows) {
                out.append("| `").append(row.path()).append("` | ").append(cell(row.type())).append(" | ")
                        .append(cell(row.defaultValue())).append(" | ").append(pipes(row.rules())).append(" | ")
                        .append(cell(row.description())).append(" |\n");
            }
            out.append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }

    private record Row(String path, String type, String defaultValue, String rules, String description) {
    }

    private void collect(String file, JsonNode node, String path, List<Row> rows, Set<String> visiting) {
        JsonNode schema = resolve(file, node);
        String schemaFile = fileOf(file, node);
        JsonNode properties = schema.path("properties");
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String childPath = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
            describe(schemaFile, property.getValue(), childPath, required.contains(property.getKey()), rows, visiting);
        }
        JsonNode additional = schema.path("additionalProperties");
        if (additional.isObject()) {
            describe(schemaFile, additional, path + ".<key>", false, rows, visiting);
        }
    }

    private void describe(String file, JsonNode node, String path, boolean required, List<Row> rows, Set<String> visiting) {
        JsonNode schema = resolve(file, node);
        String schemaFile = fileOf(file, node);
        String description = text(schema.path("description"));
        String defaultValue = "";
        Matcher parenthesised = DEFAULT_IN_PARENTHESES.matcher(description);
        if (parenthesised.find()) {
            defaultValue = parenthesised.group(1).trim();
            description = parenthesised.replaceFirst("");
        }
        Matcher sentence = DEFAULT_SENTENCE.matcher(description);
        if (sentence.find()) {
            defaultValue = sentence.group(1).trim();
            description = sentence.replaceFirst("");
        }
        Matcher none = NO_DEFAULT.matcher(description);
        if (none.find()) {
            defaultValue = "none";
            description = none.replaceFirst("");
        }
        description = description.replaceAll("\\s{2,}", " ").replace(" .", ".").trim();
        rows.add(new Row(path, type(schema), defaultValue.isEmpty() ? "—" : defaultValue, rules(schema, required),
                description));

        String key = schemaFile + "#" + path;
        if (!visiting.add(key)) {
            return;
        }
        if (schema.path("properties").isObject() || schema.path("additionalProperties").isObject()) {
            collect(schemaFile, schema, path, rows, visiting);
        }
        JsonNode items = schema.path("items");
        if (items.isObject()) {
            JsonNode itemSchema = resolve(schemaFile, items);
            String itemFile = fileOf(schemaFile, items);
            if (itemSchema.path("properties").isObject()) {
                collect(itemFile, itemSchema, path + "[]", rows, visiting);
            }
        }
    }

    private static String type(JsonNode schema) {
        if (schema.has("const")) {
            return "string";
        }
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            List<String> names = new ArrayList<>();
            type.forEach(t -> names.add(t.asText()));
            return String.join(" or ", names);
        }
        if (type.isTextual()) {
            return switch (type.asText()) {
                case "array" -> "list";
                case "object" -> schema.path("additionalProperties").isObject() ? "map" : "object";
                default -> type.asText();
            };
        }
        if (schema.has("enum")) {
            return "string";
        }
        return "any JSON";
    }

    private static String rules(JsonNode schema, boolean required) {
        List<String> rules = new ArrayList<>();
        if (required) {
            rules.add("required");
        }
        if (schema.has("const")) {
            rules.add("always `" + schema.get("const").asText() + "`");
        }
        if (schema.has("enum")) {
            List<String> values = new ArrayList<>();
            schema.get("enum").forEach(v -> values.add("`" + v.asText() + "`"));
            rules.add("one of " + String.join(", ", values));
        }
        if (schema.has("minimum") && schema.has("maximum")) {
            rules.add(schema.get("minimum").asText() + " to " + schema.get("maximum").asText());
        } else if (schema.has("minimum")) {
            rules.add("at least " + schema.get("minimum").asText());
        } else if (schema.has("maximum")) {
            rules.add("at most " + schema.get("maximum").asText());
        }
        if (schema.path("minLength").asInt(0) == 1) {
            rules.add("not empty");
        } else if (schema.has("minLength")) {
            rules.add("at least " + schema.get("minLength").asText() + " characters");
        }
        if (schema.has("minItems")) {
            rules.add("at least " + schema.get("minItems").asText() + " item" + (schema.get("minItems").asInt() == 1 ? "" : "s"));
        }
        int minProperties = schema.path("minProperties").asInt(-1);
        int maxProperties = schema.path("maxProperties").asInt(-1);
        if (minProperties == 1 && maxProperties == 1) {
            rules.add("exactly one key");
        } else if (minProperties > 0) {
            rules.add("at least " + minProperties + " key" + (minProperties == 1 ? "" : "s"));
        }
        if (schema.has("pattern")) {
            rules.add("matches `" + schema.get("pattern").asText() + "`");
        }
        if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean()) {
            rules.add("no other keys");
        }
        return rules.isEmpty() ? "—" : String.join("; ", rules);
    }

    /** The schema with a $ref replaced by its target, the referring node's own keywords winning (2020-12 siblings). */
    private JsonNode resolve(String file, JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        String target = ref.asText();
        int hash = target.indexOf('#');
        String targetFile = hash == 0 ? file : hash < 0 ? target : target.substring(0, hash);
        String pointer = hash < 0 ? "" : target.substring(hash + 1);
        JsonNode referenced = document(targetFile).at(pointer);
        if (referenced.isMissingNode()) {
            throw new IllegalStateException(file + ": $ref " + target + " does not resolve");
        }
        ObjectNode merged = resolve(targetFile, referenced).deepCopy();
        node.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("$ref")) {
                merged.set(e.getKey(), e.getValue());
            }
        });
        return merged;
    }

    /** The file a node's $ref leads into, so refs inside the target resolve against their own file. */
    private static String fileOf(String file, JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return file;
        }
        String target = ref.asText();
        int hash = target.indexOf('#');
        return hash == 0 ? file : hash < 0 ? target : target.substring(0, hash);
    }

    private JsonNode document(String file) {
        return documents.computeIfAbsent(file, name -> {
            try {
                return JSON.readTree(Files.readString(schemaDir.resolve(name)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema " + schemaDir.resolve(name), e);
            }
        });
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText().trim() : "";
    }

    /** Table cells are Markdown text: a pipe would end the cell, and GitHub drops what looks like an HTML tag. */
    private static String cell(String text) {
        return pipes(html(text));
    }

    /** For cells whose values are in code spans (rules): only the pipe needs escaping there. */
    private static String pipes(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
