package dev.modeldeploy.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A meta.k8s.io Table of objects of one resource, as the API server sends kubectl for {@code kubectl get}: a Name
 * column, then the resource's printer columns (Age when it has none, like a CRD without additionalPrinterColumns),
 * each cell rendered as the API server renders CRD columns.
 */
final class TableView {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ApiCatalog.PrinterColumn AGE =
            new ApiCatalog.PrinterColumn("Age", "date", ".metadata.creationTimestamp");

    /** What each row carries besides its cells, per the request's includeObject parameter. */
    enum IncludeObject { NONE, METADATA, OBJECT }

    private record Column(ApiCatalog.PrinterColumn definition, ColumnPath path) {
    }

    private final List<Column> columns;

    TableView(ApiCatalog.Resource resource) {
        List<ApiCatalog.PrinterColumn> definitions =
                resource.printerColumns().isEmpty() ? List.of(AGE) : resource.printerColumns();
        List<Column> compiled = new ArrayList<>();
        for (ApiCatalog.PrinterColumn definition : definitions) {
            compiled.add(new Column(definition, ColumnPath.compile(definition.jsonPath())));
        }
        this.columns = List.copyOf(compiled);
    }

    /**
     * The table of a list (its items) or of a single object.
     *
     * @param tableVersion v1 or v1beta1, the meta.k8s.io version kubectl asked for
     */
    ObjectNode of(JsonNode listOrObject, String tableVersion, IncludeObject include, Instant now) {
        ObjectNode table = JSON.objectNode();
        table.put("kind", "Table").put("apiVersion", "meta.k8s.io/" + tableVersion);
        ObjectNode metadata = table.putObject("metadata");
        JsonNode listMetadata = listOrObject.path("metadata");
        boolean isList = listOrObject.has("items");
        if (isList) {
            copyText(listMetadata, metadata, "resourceVersion");
            copyText(listMetadata, metadata, "continue");
        } else {
            copyText(listMetadata, metadata, "resourceVersion");
        }
        ArrayNode definitions = table.putArray("columnDefinitions");
        definitions.addObject().put("name", "Name").put("type", "string").put("format", "name")
                .put("description", "Name must be unique within a namespace.").put("priority", 0);
        for (Column column : columns) {
            definitions.addObject().put("name", column.definition().name()).put("type", column.definition().type())
                    .put("format", "").put("description", "").put("priority", 0);
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : isList ? listOrObject.path("items") : List.of(listOrObject)) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            cells.add(object.path("metadata").path("name").asText(""));
            for (Column column : columns) {
                cells.add(cell(column, object, now));
            }
            switch (include) {
                case OBJECT -> row.set("object", object);
                case METADATA -> row.putObject("object").put("kind", "PartialObjectMetadata")
                        .put("apiVersion", "meta.k8s.io/" + tableVersion).set("metadata", object.path("metadata"));
                case NONE -> { }
            }
        }
        return table;
    }

    private static void copyText(JsonNode from, ObjectNode to, String field) {
        if (from.hasNonNull(field) && !from.get(field).asText().isEmpty()) {
            to.put(field, from.get(field).asText());
        }
    }

    /** As the API server's CRD table convertor: strings print as text (other values as JSON), dates as an age. */
    private static JsonNode cell(Column column, JsonNode object, Instant now) {
        JsonNode value = column.path().first(object).orElse(null);
        if (value == null) {
            return JSON.nullNode();
        }
        return switch (column.definition().type()) {
            case "string" -> JSON.textNode(value.isTextual() ? value.asText() : value.toString());
            case "integer" -> value.canConvertToLong() && value.isIntegralNumber() ? value : JSON.nullNode();
            case "number" -> value.isNumber() ? value : JSON.nullNode();
            case "boolean" -> value.isBoolean() ? value : JSON.nullNode();
            case "date" -> age(value, now);
            default -> JSON.textNode(value.isTextual() ? value.asText() : value.toString());
        };
    }

    private static JsonNode age(JsonNode timestamp, Instant now) {
        if (!timestamp.isTextual()) {
            return JSON.nullNode();
        }
        try {
            return JSON.textNode(humanDuration(Duration.between(Instant.parse(timestamp.asText()), now)));
        } catch (DateTimeParseException e) {
            return JSON.nullNode();
        }
    }

    /** The short ages kubectl users know: 45s, 3m20s, 2h, 5d, 2y100d. */
    static String humanDuration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        }
        if (hours < 24 * 365 * 8) {
            long days = (hours / 24) % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
