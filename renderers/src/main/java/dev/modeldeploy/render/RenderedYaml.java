package dev.modeldeploy.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rendered objects as YAML, byte-identical for the same input: objects sorted by owner (kind, id), then apply order,
 * kind and name; keys in the order the renderers build them; strings that YAML would read as numbers or booleans
 * quoted; multi-line strings (the OpenAPI JSON) as literal blocks.
 */
public final class RenderedYaml {
    private static final ObjectMapper YAML = JsonMapper.builder(YAMLFactory.builder()
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)
                    .build())
            .build();

    public static final Comparator<RenderedManifest> BY_OWNER =
            Comparator.comparing((RenderedManifest m) -> m.owner().kind()).thenComparing(m -> m.owner().id());
    public static final Comparator<GenericKubernetesResource> BY_APPLY_ORDER = Comparator
            .comparingInt((GenericKubernetesResource o) -> ManagedKind.of(o.getApiVersion(), o.getKind()).applyOrder())
            .thenComparing(GenericKubernetesResource::getKind)
            .thenComparing(o -> o.getMetadata().getName());

    private RenderedYaml() {
    }

    /** Every object of every manifest, in the stable order. */
    public static List<GenericKubernetesResource> inStableOrder(List<RenderedManifest> manifests) {
        List<RenderedManifest> sorted = new ArrayList<>(manifests);
        sorted.sort(BY_OWNER);
        List<GenericKubernetesResource> objects = new ArrayList<>();
        for (RenderedManifest manifest : sorted) {
            List<GenericKubernetesResource> own = new ArrayList<>(manifest.objects());
            own.sort(BY_APPLY_ORDER);
            objects.addAll(own);
        }
        return objects;
    }

    /** One YAML document, starting with "---". */
    public static String toYaml(GenericKubernetesResource object) {
        try {
            return YAML.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + object.getKind() + " " + object.getMetadata().getName()
                    + " as YAML: " + e.getOriginalMessage(), e);
        }
    }

    /** A multi-document YAML stream of the objects in the order given. */
    public static String toYaml(List<GenericKubernetesResource> objects) {
        StringBuilder out = new StringBuilder();
        for (GenericKubernetesResource object : objects) {
            out.append(toYaml(object));
        }
        return out.toString();
    }

    /** The file name for one object when written one per file: {@code <kind>-<name>.yaml}, kind in lower case. */
    public static String fileName(GenericKubernetesResource object) {
        return object.getKind().toLowerCase(java.util.Locale.ROOT) + "-" + object.getMetadata().getName() + ".yaml";
    }
}
