package dev.modeldeploy.render.knative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modeldeploy.manifest.ResourceList;
import dev.modeldeploy.manifest.Resources;
import dev.modeldeploy.render.RenderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Container resources carry every quantity in the form Kubernetes stores, for every row of the conformance tables
 * made by Kubernetes' resource.Quantity (manifest-schema/src/test/resources/conformance/, see SOURCES.md there).
 */
class QuantitiesTest {
    private static final String INVALID = "(invalid)";

    static List<Arguments> conformanceRows() throws IOException {
        Path folder = conformanceFolder();
        List<Arguments> rows = new ArrayList<>();
        for (String table : List.of("quantities.tsv", "quantities-more.tsv")) {
            List<String> lines = Files.readAllLines(folder.resolve(table)).stream()
                    .filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
            assertThat(lines.get(0)).isEqualTo("type\tinput\tcanonical");
            for (String line : lines.subList(1, lines.size())) {
                String[] columns = line.split("\t", -1);
                assertThat(columns).as(table + ": " + line).hasSize(3);
                rows.add(Arguments.of(table, columns[0], columns[1], columns[2]));
            }
        }
        assertThat(rows).hasSizeGreaterThan(36 + 50);
        return rows;
    }

    private static Path conformanceFolder() {
        for (String candidate : new String[] {"../manifest-schema/src/test/resources/conformance", "manifest-schema/src/test/resources/conformance"}) {
            if (Files.isDirectory(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("cannot find manifest-schema/src/test/resources/conformance from " + Path.of("").toAbsolutePath());
    }

    @ParameterizedTest(name = "{0}: {1} {2} -> {3}")
    @MethodSource("conformanceRows")
    @SuppressWarnings("unchecked")
    void rendersEveryQuantityAsKubernetesStoresIt(String table, String type, String input, String canonical) {
        ResourceList list = new ResourceList(input, input, null);
        if (canonical.equals(INVALID)) {
            assertThatThrownBy(() -> Quantities.containerResources(new Resources(list, list)))
                    .isInstanceOf(RenderException.class).hasMessageContaining("is not a quantity");
            return;
        }
        Map<String, Object> resources = Quantities.containerResources(new Resources(list, list));

        Map<String, Object> requests = (Map<String, Object>) resources.get("requests");
        Map<String, Object> limits = (Map<String, Object>) resources.get("limits");
        assertThat(requests).containsEntry("cpu", canonical).containsEntry("memory", canonical);
        assertThat(limits).containsEntry("cpu", canonical).containsEntry("memory", canonical);
    }

    @Test
    @SuppressWarnings("unchecked")
    void gpuCountsAreCanonicalAndComparedByAmount() {
        Map<String, Object> resources = Quantities.containerResources(new Resources(
                new ResourceList("1000m", "1024Mi", "2"), new ResourceList("2", "2Gi", "2")));

        assertThat((Map<String, Object>) resources.get("requests"))
                .isEqualTo(Map.of("cpu", "1", "memory", "1Gi", Quantities.GPU_RESOURCE, "2"));
        assertThat((Map<String, Object>) resources.get("limits"))
                .isEqualTo(Map.of("cpu", "2", "memory", "2Gi", Quantities.GPU_RESOURCE, "2"));
        assertThatThrownBy(() -> Quantities.containerResources(new Resources(
                new ResourceList(null, null, "1"), new ResourceList(null, null, "2"))))
                .isInstanceOf(RenderException.class).hasMessageContaining("differs from limits.gpu");
    }
}
