package dev.modeldeploy.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Runs Helm's own lint and template in-process (helm-java ships the Helm library) on the chart in
 * {@code charts/modeldeploy}, with value overrides given as YAML text.
 */
final class HelmChart {

    static final String RELEASE = "md";
    static final String NAMESPACE = "modeldeploy-system";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, String> TEMPLATE_CACHE = new ConcurrentHashMap<>();

    private HelmChart() {
    }

    /** helm template with the chart's values.yaml overlaid by {@code overridesYaml}; cached, templates are pure. */
    static String template(String overridesYaml, Path scratch) {
        return TEMPLATE_CACHE.computeIfAbsent(overridesYaml, yaml -> templateUncached(yaml, scratch));
    }

    static String templateUncached(String overridesYaml, Path scratch) {
        try {
            Path values = Files.createTempFile(scratch, "values", ".yaml");
            Files.writeString(values, overridesYaml.isBlank() ? "{}\n" : overridesYaml);
            return new Helm(ProjectPaths.chartDir()).template()
                    .withName(RELEASE)
                    .withNamespace(NAMESPACE)
                    .withValuesFile(values)
                    .call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * helm lint reads only the chart's own values.yaml, so the chart is copied to {@code scratch} with the
     * overrides merged into that file.
     */
    static LintResult lint(String overridesYaml, Path scratch) {
        try {
            Path copy = scratch.resolve("modeldeploy");
            copyTree(ProjectPaths.chartDir(), copy);
            if (!overridesYaml.isBlank()) {
                ObjectNode values = (ObjectNode) YAML.readTree(copy.resolve("values.yaml").toFile());
                merge(values, YAML.readTree(overridesYaml));
                YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
            }
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void merge(ObjectNode target, JsonNode overrides) {
        Iterator<Map.Entry<String, JsonNode>> fields = overrides.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
                merge(existingObject, field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
