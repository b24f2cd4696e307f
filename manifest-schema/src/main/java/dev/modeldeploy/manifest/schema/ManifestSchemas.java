package dev.modeldeploy.manifest.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.modeldeploy.manifest.rules.FieldPath;
import dev.modeldeploy.manifest.rules.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schemas of the two manifest kinds (resources under schemas/), compiled once and shared: networknt
 * schemas are immutable and safe to use from several threads.
 */
public final class ManifestSchemas {
    public static final String BASE_URI = "https://modeldeploy.dev/schemas/";
    public static final String DEPLOYMENT_SCHEMA = "model-deployment.schema.json";
    public static final String ROUTE_SCHEMA = "model-route.schema.json";
    public static final String MANIFEST_SCHEMA = "manifest.schema.json";
    private static final List<String> FILES = List.of(DEPLOYMENT_SCHEMA, ROUTE_SCHEMA, MANIFEST_SCHEMA);

    private static final ManifestSchemas INSTANCE = new ManifestSchemas();

    private final Map<String, JsonNode> documents = new HashMap<>();
    private final Schema deployment;
    private final Schema route;
    private final SchemaMessages messages;

    private ManifestSchemas() {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, String> texts = new HashMap<>();
        for (String file : FILES) {
            String text = resourceText(file);
            texts.put(BASE_URI + file, text);
            try {
                documents.put(BASE_URI + file, mapper.readTree(text));
            } catch (IOException e) {
                throw new UncheckedIOException("schema resource " + file + " is not JSON", e);
            }
        }
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().errorMessageKeyword("errorMessage").build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config).schemas(texts));
        deployment = registry.getSchema(SchemaLocation.of(BASE_URI + DEPLOYMENT_SCHEMA));
        route = registry.getSchema(SchemaLocation.of(BASE_URI + ROUTE_SCHEMA));
        deployment.initializeValidators();
        route.initializeValidators();
        messages = new SchemaMessages(documents);
    }

    public static ManifestSchemas get() {
        return INSTANCE;
    }

    /** The text of a schema resource, for serving to editors and docs. */
    public static String resourceText(String file) {
        try (InputStream in = ManifestSchemas.class.getResourceAsStream("/schemas/" + file)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing from the classpath: schemas/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Problem> validateDeployment(JsonNode document) {
        return toProblems(deployment.validate(document));
    }

    public List<Problem> validateRoute(JsonNode document) {
        return toProblems(route.validate(document));
    }

    private List<Problem> toProblems(List<Error> errors) {
        if (errors.isEmpty()) {
            return List.of();
        }
        LinkedHashSet<Problem> problems = new LinkedHashSet<>();
        for (Error error : errors) {
            problems.add(messages.toProblem(error));
        }
        return new ArrayList<>(problems);
    }

    static FieldPath toFieldPath(com.networknt.schema.path.NodePath location) {
        FieldPath path = FieldPath.ROOT;
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path = element instanceof Integer index ? path.index(index) : path.field(String.valueOf(element));
        }
        return path;
    }
}
