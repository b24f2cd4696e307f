package dev.modeldeploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.modeldeploy.manifest.schema.ManifestSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The schema files are documentation too: every field described, no object open to unknown fields. */
class SchemaResourcesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {ManifestSchemas.DEPLOYMENT_SCHEMA, ManifestSchemas.ROUTE_SCHEMA, ManifestSchemas.MANIFEST_SCHEMA})
    void everySchemaHasAnIdTitleAndDescription(String file) throws Exception {
        JsonNode schema = JSON.readTree(ManifestSchemas.resourceText(file));

        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).isEqualTo(ManifestSchemas.BASE_URI + file);
        assertThat(schema.path("title").asText()).isNotBlank();
        assertThat(schema.path("description").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {ManifestSchemas.DEPLOYMENT_SCHEMA, ManifestSchemas.ROUTE_SCHEMA})
    void everyPropertyIsDescribedAndEveryObjectIsClosed(String file) throws Exception {
        JsonNode schema = JSON.readTree(ManifestSchemas.resourceText(file));
        List<String> undescribed = new ArrayList<>();
        List<String> open = new ArrayList<>();
        walk(schema, "#", schema, undescribed, open);

        assertThat(undescribed).as("properties without title or description").isEmpty();
        assertThat(open).as("object schemas without additionalProperties").isEmpty();
    }

    private static void walk(JsonNode node, String where, JsonNode root, List<String> undescribed, List<String> open) {
        if (!node.isObject()) {
            return;
        }
        if ("object".equals(node.path("type").asText()) && !node.has("additionalProperties")) {
            open.add(where);
        }
        JsonNode properties = node.path("properties");
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            JsonNode described = property.getValue();
            boolean hasRefWithTexts = described.has("$ref") && described.has("title") && described.has("description");
            boolean refToDescribedDef = described.has("$ref") && described.size() == 1 && described.path("$ref").asText().endsWith("/id");
            if (!(described.has("title") && described.has("description")) && !hasRefWithTexts && !refToDescribedDef) {
                undescribed.add(where + "/properties/" + property.getKey());
            }
        }
        for (Map.Entry<String, JsonNode> child : node.properties()) {
            walk(child.getValue(), where + "/" + child.getKey(), root, undescribed, open);
        }
    }

    @Test
    void dispatchingSchemaChecksEachKindForEditors() throws Exception {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(Map.of(
                ManifestSchemas.BASE_URI + ManifestSchemas.MANIFEST_SCHEMA, ManifestSchemas.resourceText(ManifestSchemas.MANIFEST_SCHEMA),
                ManifestSchemas.BASE_URI + ManifestSchemas.DEPLOYMENT_SCHEMA, ManifestSchemas.resourceText(ManifestSchemas.DEPLOYMENT_SCHEMA),
                ManifestSchemas.BASE_URI + ManifestSchemas.ROUTE_SCHEMA, ManifestSchemas.resourceText(ManifestSchemas.ROUTE_SCHEMA))));
        Schema manifest = registry.getSchema(SchemaLocation.of(ManifestSchemas.BASE_URI + ManifestSchemas.MANIFEST_SCHEMA));

        assertThat(manifest.validate(JSON.readTree("""
                {"kind": "ModelDeployment", "id": "a", "spec": {"predictor": "triton", "image": "x"}}"""))).isEmpty();
        assertThat(manifest.validate(JSON.readTree("""
                {"kind": "ModelRoute", "id": "r", "spec": {"urlPrefix": "/custom/r", "modelDeployments": [{"mdName": "a"}]}}"""))).isEmpty();
        assertThat(manifest.validate(JSON.readTree("""
                {"kind": "ModelRoute", "id": "r", "spec": {"predictor": "triton", "image": "x"}}"""))).isNotEmpty();
        assertThat(manifest.validate(JSON.readTree("""
                {"kind": "ModelDeployment", "id": "a", "spec": {"predictor": "tf", "image": "x"}}"""))).isNotEmpty();
        assertThat(manifest.validate(JSON.readTree("""
                {"kind": "Other", "id": "a"}"""))).isNotEmpty();
    }
}
