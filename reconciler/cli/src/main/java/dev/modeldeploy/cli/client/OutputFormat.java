package dev.modeldeploy.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.io.PrintWriter;

/** How {@code get} prints: a table, JSON, YAML, or the values a JSONPath expression picks from the JSON array. */
public record OutputFormat(Type type, String expression) {

    public enum Type { TABLE, JSON, YAML, JSONPATH }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final Configuration JSONPATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    public static OutputFormat parse(String text) {
        String value = text == null ? "table" : text.trim();
        if (value.startsWith("jsonpath=")) {
            String expression = value.substring("jsonpath=".length()).trim();
            if (expression.isEmpty()) {
                throw new CliException("-o jsonpath= needs an expression, e.g. -o 'jsonpath=[*].spec.image'", 2);
            }
            try {
                JsonPath.compile(expression);
            } catch (InvalidPathException e) {
                throw new CliException("invalid JSONPath expression '" + expression + "': " + e.getMessage(), 2);
            }
            return new OutputFormat(Type.JSONPATH, expression);
        }
        return switch (value) {
            case "table", "" -> new OutputFormat(Type.TABLE, null);
            case "json" -> new OutputFormat(Type.JSON, null);
            case "yaml" -> new OutputFormat(Type.YAML, null);
            default -> throw new CliException("unknown output format '" + value
                    + "'; use table, json, yaml or jsonpath=EXPR", 2);
        };
    }

    public void print(ArrayNode envelopes, ManifestKind kind, PrintWriter out) {
        switch (type) {
            case TABLE -> out.print(Tables.render(envelopes, kind));
            case JSON -> out.println(json(envelopes));
            case YAML -> out.print(yaml(envelopes));
            case JSONPATH -> printPath(envelopes, out);
        }
        out.flush();
    }

    private void printPath(ArrayNode envelopes, PrintWriter out) {
        Object found = JsonPath.using(JSONPATH).parse(envelopes).read(expression);
        if (found instanceof ArrayNode values) {
            values.forEach(value -> out.println(scalarOrJson(value)));
        } else if (found instanceof JsonNode value && !value.isMissingNode()) {
            out.println(scalarOrJson(value));
        }
    }

    private static String scalarOrJson(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    static String json(JsonNode node) {
        try {
            return DaemonClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String yaml(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
