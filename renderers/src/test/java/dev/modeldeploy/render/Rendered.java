package dev.modeldeploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.manifest.ManifestSet;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;

/** Test access to render results: find objects, dig into their bodies. */
final class Rendered {
    private Rendered() {
    }

    static RenderResult render(ManifestSet set, ClusterSettings settings) {
        return Renderer.render(set, settings, Map.of());
    }

    /** Renders and asserts that nothing failed and every object passes every check. */
    static List<GenericKubernetesResource> renderValid(ManifestSet set, ClusterSettings settings) {
        RenderResult result = render(set, settings);
        assertThat(result.failures()).isEmpty();
        List<GenericKubernetesResource> objects = RenderedYaml.inStableOrder(result.rendered());
        assertThat(RenderedChecks.check(objects, settings.namespace())).isEmpty();
        return objects;
    }

    static GenericKubernetesResource one(List<GenericKubernetesResource> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " among " + names(objects)));
    }

    static List<String> names(List<GenericKubernetesResource> objects) {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }

    /** The value at a path of keys and list indexes, e.g. at(service, "spec", "template", "spec", "containers", 0). */
    @SuppressWarnings("unchecked")
    static Object at(GenericKubernetesResource object, Object... path) {
        Object node = object.getAdditionalProperties();
        for (Object step : path) {
            if (node == null) {
                return null;
            }
            node = step instanceof Integer i ? ((List<Object>) node).get(i) : ((Map<String, Object>) node).get(step);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mapAt(GenericKubernetesResource object, Object... path) {
        return (Map<String, Object>) at(object, path);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> listAt(GenericKubernetesResource object, Object... path) {
        return (List<Map<String, Object>>) at(object, path);
    }
}
