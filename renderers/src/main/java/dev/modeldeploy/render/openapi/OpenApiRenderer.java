package dev.modeldeploy.render.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.Names;
import dev.modeldeploy.render.Provenance;
import dev.modeldeploy.render.RenderException;
import dev.modeldeploy.render.Tree;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Stores a deployment's OpenAPI document in a ConfigMap the service catalog finds by label. */
public final class OpenApiRenderer {
    public static final String CATALOG_LABEL = "modeldeploy.dev/openapi";
    public static final String DATA_KEY = "openapi.json";
    /** A ConfigMap holds at most 1 MiB; leave room for its metadata. */
    static final int MAX_DOCUMENT_BYTES = 1_000_000;
    // Two-space indents and "\n" line ends on every platform, so the document is byte-identical everywhere.
    private static final DefaultIndenter INDENT = new DefaultIndenter("  ", "\n");
    private static final ObjectWriter JSON = new ObjectMapper().writer(new DefaultPrettyPrinter()
            .withObjectIndenter(INDENT)
            .withArrayIndenter(INDENT)
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator("")));

    private OpenApiRenderer() {
    }

    public static GenericKubernetesResource render(ModelDeployment deployment, ClusterSettings settings, Provenance provenance) {
        Map<String, Object> document = OpenApiDocument.build(deployment, settings.jwt().enabled());
        String json;
        try {
            json = JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new RenderException("$.spec.examples", "cannot write the OpenAPI document: " + e.getOriginalMessage());
        }
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_DOCUMENT_BYTES) {
            throw new RenderException("$.spec.examples", "the OpenAPI document would be " + bytes
                    + " bytes, over the " + MAX_DOCUMENT_BYTES + " a ConfigMap can hold; use smaller examples");
        }
        GenericKubernetesResource configMap = provenance.newObject(ManagedKind.CONFIG_MAP,
                Names.openApiConfigMap(deployment.id()), Map.of(CATALOG_LABEL, "true"));
        configMap.setAdditionalProperty("data", Tree.map(DATA_KEY, json));
        return configMap;
    }
}
