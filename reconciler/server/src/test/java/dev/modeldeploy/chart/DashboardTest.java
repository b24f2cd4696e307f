package dev.modeldeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Grafana dashboards in charts/modeldeploy/dashboards: valid JSON, every panel wired to the data source
 * variable, and every query naming only metrics that some exporter really publishes (exported-metrics.txt).
 */
class DashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([a-zA-Z_][a-zA-Z0-9_]*)");
    private static final Set<String> GRAFANA_BUILTINS =
            Set.of("__rate_interval", "__interval", "__range", "__interval_ms", "__range_s");
    private static final ExportedMetrics EXPORTED = ExportedMetrics.load();

    static Stream<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(ProjectPaths.chartDir().resolve("dashboards"))) {
            List<Path> found = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(found).as("dashboards").isNotEmpty();
            return found.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyPanelHasADatasourceAndQueries(Path file) throws IOException {
        JsonNode dashboard = JSON.readTree(file.toFile());

        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(variable(dashboard, "datasource").path("type").asText()).isEqualTo("datasource");
        assertThat(variable(dashboard, "datasource").path("query").asText()).isEqualTo("prometheus");
        List<JsonNode> panels = panels(dashboard);
        assertThat(panels).isNotEmpty();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(panel.path("datasource").path("uid").asText()).as("datasource of %s", title)
                    .isEqualTo("${datasource}");
            assertThat(panel.path("targets").isArray() && !panel.path("targets").isEmpty())
                    .as("targets of %s", title).isTrue();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as("query of %s", title).isNotBlank();
                assertThat(target.path("datasource").path("uid").asText()).as("target datasource of %s", title)
                        .isEqualTo("${datasource}");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void queriesUseOnlyExportedMetrics(Path file) throws IOException {
        JsonNode dashboard = JSON.readTree(file.toFile());
        Map<String, Set<String>> unknown = new TreeMap<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                for (String metric : PromQlMetricNames.inExpression(target.path("expr").asText())) {
                    if (!EXPORTED.contains(metric)) {
                        unknown.computeIfAbsent(metric, m -> new TreeSet<>()).add(panel.path("title").asText());
                    }
                }
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                for (String metric : PromQlMetricNames.inVariableQuery(variableQuery(variable))) {
                    if (!EXPORTED.contains(metric)) {
                        unknown.computeIfAbsent(metric, m -> new TreeSet<>())
                                .add("variable " + variable.path("name").asText());
                    }
                }
            }
        }
        assertThat(unknown).as("metrics not in %s (metric -> where used)", ExportedMetrics.RESOURCE).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void queriesReferenceOnlyDefinedVariables(Path file) throws IOException {
        JsonNode dashboard = JSON.readTree(file.toFile());
        Set<String> defined = new TreeSet<>(GRAFANA_BUILTINS);
        dashboard.path("templating").path("list").forEach(v -> defined.add(v.path("name").asText()));
        List<String> texts = new ArrayList<>();
        panels(dashboard).forEach(p -> p.path("targets").forEach(t -> texts.add(t.path("expr").asText())));
        dashboard.path("templating").path("list").forEach(v -> texts.add(variableQuery(v)));

        for (String text : texts) {
            Matcher variable = VARIABLE.matcher(text);
            while (variable.find()) {
                assertThat(defined).as("variable in %s", text).contains(variable.group(1));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void panelsDoNotOverlap(Path file) throws IOException {
        List<JsonNode> panels = panels(JSON.readTree(file.toFile()));
        for (int i = 0; i < panels.size(); i++) {
            for (int j = i + 1; j < panels.size(); j++) {
                assertThat(overlap(panels.get(i).path("gridPos"), panels.get(j).path("gridPos")))
                        .as("%s overlaps %s", panels.get(i).path("title"), panels.get(j).path("title")).isFalse();
            }
        }
    }

    @Test
    void modelDashboardSelectsModelsAndEveryPanelFollowsTheSelection() throws IOException {
        JsonNode dashboard = JSON.readTree(ProjectPaths.chartDir().resolve("dashboards/model-deployments.json").toFile());
        JsonNode model = variable(dashboard, "model");

        assertThat(model.path("type").asText()).isEqualTo("query");
        assertThat(model.path("multi").asBoolean()).isTrue();
        assertThat(PromQlMetricNames.inVariableQuery(variableQuery(model))).isNotEmpty();
        List<JsonNode> panels = panels(dashboard);
        assertThat(panels).extracting(p -> p.path("title").asText()).anyMatch(t -> t.contains("Availability"))
                .anyMatch(t -> t.contains("Replicas")).anyMatch(t -> t.contains("CPU"))
                .anyMatch(t -> t.contains("Memory")).anyMatch(t -> t.contains("Failed HTTP"))
                .anyMatch(t -> t.contains("Latency"));
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as("panel %s", panel.path("title")).contains("$model");
            }
        }
    }

    @Test
    void daemonDashboardCoversTheDaemonsOwnMetrics() throws IOException {
        JsonNode dashboard = JSON.readTree(ProjectPaths.chartDir().resolve("dashboards/modeldeploy-daemon.json").toFile());
        Set<String> used = new TreeSet<>();
        panels(dashboard).forEach(p -> p.path("targets")
                .forEach(t -> used.addAll(PromQlMetricNames.inExpression(t.path("expr").asText()))));

        assertThat(used).contains(
                "modeldeploy_reconcile_duration_seconds_count", "modeldeploy_objects_total",
                "modeldeploy_drift_corrections_total", "modeldeploy_reconcile_failures_total",
                "modeldeploy_git_fetch_duration_seconds_count", "modeldeploy_feedback_records_exported_total",
                "modeldeploy_feedback_export_lag_seconds");
    }

    @Test
    void daemonNamesInTheExportedListAreTheContractsNames() {
        Set<String> daemonNames = new TreeSet<>();
        EXPORTED.sourceByName().keySet().stream()
                .filter(name -> name.startsWith(DaemonMetricContract.PREFIX)).forEach(daemonNames::add);

        assertThat(daemonNames).isNotEmpty();
        assertThat(DaemonMetricContract.seriesNames()).containsAll(daemonNames);
    }

    @Test
    void everyExportedMetricNamesItsExporter() {
        assertThat(EXPORTED.sourceByName()).allSatisfy((name, source) -> assertThat(source)
                .as("source of %s", name)
                .satisfiesAnyOf(s -> assertThat(s).contains("https://"), s -> assertThat(s).contains("project brief")));
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        int ax = a.path("x").asInt();
        int ay = a.path("y").asInt();
        int bx = b.path("x").asInt();
        int by = b.path("y").asInt();
        return ax < bx + b.path("w").asInt() && bx < ax + a.path("w").asInt()
                && ay < by + b.path("h").asInt() && by < ay + a.path("h").asInt();
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("dashboard " + dashboard.path("uid").asText() + " has no variable " + name);
    }

    private static String variableQuery(JsonNode variable) {
        JsonNode query = variable.path("query");
        return query.isObject() ? query.path("query").asText() : query.asText();
    }

    /** Panels with their queries, looking inside rows (collapsed rows keep their panels in "panels"). */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }
}
