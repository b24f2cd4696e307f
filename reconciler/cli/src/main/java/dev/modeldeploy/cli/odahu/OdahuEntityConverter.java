package dev.modeldeploy.cli.odahu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.manifest.schema.ManifestSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one entity of ODAHU's API (swagger definitions ModelDeployment and ModelRoute) into a manifest: kind, id
 * and the spec, without what the server set (status, createdAt, updatedAt). What a manifest cannot hold is left
 * out and said: spec fields modeldeploy's schema does not know, and whole entities it must not import (default
 * routes, entities being deleted, ids that are not manifest ids). A null, and an empty optional text, mean "not
 * set" in ODAHU (Go pointers, omitempty) and are dropped without a word.
 */
final class OdahuEntityConverter {
    /** The manifest id rule (model-deployment.schema.json $defs/id); an id also names the file written. */
    private static final Pattern ID = Pattern.compile("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$");
    /** What ODAHU's server sets or keeps for itself; never part of a manifest. */
    private static final Set<String> SERVER_FIELDS = Set.of("createdAt", "updatedAt", "status", "deletionMark", "default");
    /** Optional texts where ODAHU writes "" for "not set"; required ones are kept so validation names them. */
    private static final Set<String> EMPTY_MEANS_UNSET = Set.of("imagePullConnID", "roleName", "mirror", "cpu", "memory", "gpu");

    private final Set<String> deploymentSpecFields = specFields(ManifestSchemas.DEPLOYMENT_SCHEMA);
    private final Set<String> routeSpecFields = specFields(ManifestSchemas.ROUTE_SCHEMA);

    /** One entity's manifest, or none when it is skipped; notes say what was left out and why. */
    record Conversion(String kind, String id, ObjectNode manifest, List<String> notes) {
        boolean imported() {
            return manifest != null;
        }
    }

    Conversion deployment(JsonNode entity) {
        return convert(ModelDeployment.KIND, entity, deploymentSpecFields);
    }

    Conversion route(JsonNode entity) {
        if (entity.path("default").asBoolean(false)) {
            String target = entity.path("spec").path("modelDeployments").path(0).path("mdName").asText("?");
            return skipped(ModelRoute.KIND, entity, "ODAHU's default route of deployment " + target
                    + " (modeldeploy serves /model/<id>/ for every deployment itself)");
        }
        return convert(ModelRoute.KIND, entity, routeSpecFields);
    }

    private Conversion convert(String kind, JsonNode entity, Set<String> specFields) {
        String id = entity.path("id").isTextual() ? entity.get("id").asText() : null;
        if (id == null || !ID.matcher(id).matches()) {
            return skipped(kind, entity, id == null ? "it has no id"
                    : "its id is not a manifest id (at most 63 lowercase letters, digits or '-')");
        }
        if (entity.path("deletionMark").asBoolean(false)) {
            return skipped(kind, entity, "ODAHU is deleting it");
        }
        List<String> notes = new ArrayList<>();
        for (Iterator<String> names = entity.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SERVER_FIELDS.contains(name) && !name.equals("id") && !name.equals("spec") && !name.equals("kind")) {
                notes.add("left out " + name + ": not part of a " + kind + " manifest");
            }
        }
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        JsonNode given = entity.path("spec");
        for (Iterator<Map.Entry<String, JsonNode>> fields = given.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!specFields.contains(field.getKey())) {
                if (!field.getValue().isNull()) {
                    notes.add("left out spec." + field.getKey() + ": modeldeploy's " + kind + " has no such field");
                }
                continue;
            }
            JsonNode value = withoutUnset(field.getKey(), field.getValue());
            if (value != null) {
                spec.set(field.getKey(), value);
            }
        }
        ObjectNode manifest = JsonNodeFactory.instance.objectNode();
        manifest.put("kind", kind);
        manifest.put("id", id);
        manifest.set("spec", spec);
        return new Conversion(kind, id, manifest, notes);
    }

    /** The value without nulls, empty optional texts, and mappings left empty by that; null when nothing is left. */
    private static JsonNode withoutUnset(String name, JsonNode value) {
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty() && EMPTY_MEANS_UNSET.contains(name))) {
            return null;
        }
        if (value.isObject()) {
            ObjectNode kept = JsonNodeFactory.instance.objectNode();
            value.fields().forEachRemaining(e -> {
                JsonNode inner = withoutUnset(e.getKey(), e.getValue());
                if (inner != null) {
                    kept.set(e.getKey(), inner);
                }
            });
            return kept.isEmpty() && !value.isEmpty() ? null : kept;
        }
        if (value.isArray()) {
            var kept = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> {
                JsonNode inner = withoutUnset("", item);
                if (inner != null) {
                    kept.add(inner);
                }
            });
            return kept;
        }
        return value;
    }

    private static Conversion skipped(String kind, JsonNode entity, String reason) {
        String id = entity.path("id").asText("?");
        return new Conversion(kind, id, null, List.of(reason));
    }

    /** The spec fields a kind's JSON Schema declares: what a manifest may hold. */
    private static Set<String> specFields(String schemaFile) {
        try {
            JsonNode schema = new ObjectMapper().readTree(ManifestSchemas.resourceText(schemaFile));
            Set<String> names = new LinkedHashSet<>();
            schema.path("properties").path("spec").path("properties").fieldNames().forEachRemaining(names::add);
            return Set.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
