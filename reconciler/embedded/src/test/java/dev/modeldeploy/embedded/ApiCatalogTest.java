package dev.modeldeploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.modeldeploy.render.ManagedKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The discovery catalog in the jar agrees with the upstream CRDs vendored in testenv/crds and covers our kinds. */
class ApiCatalogTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final ApiCatalog catalog = ApiCatalog.load();

    @Test
    void everyKindTheReconcilerWritesOrReadsIsAnnounced() {
        for (ManagedKind kind : ManagedKind.ALL) {
            assertThat(catalog.resource(kind.group(), kind.version(), kind.plural()))
                    .as("%s %s", kind.apiVersion(), kind.kind())
                    .hasValueSatisfying(r -> assertThat(r.kind()).isEqualTo(kind.kind()));
        }
        // the Knative Revisions the engine's health reader watches
        assertThat(catalog.resource("serving.knative.dev", "v1", "revisions")).isPresent();
        // leader election's Lease, and the namespace the embedded cluster creates
        assertThat(catalog.resource("coordination.k8s.io", "v1", "leases")).isPresent();
        assertThat(catalog.resource("", "v1", "namespaces")).hasValueSatisfying(r -> assertThat(r.namespaced()).isFalse());
    }

    @Test
    void customResourcesMatchTheVendoredCrdsExactly() throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> crdGroups = new ArrayList<>();
        try (Stream<Path> files = Files.walk(crdDir())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode spec = YAML.readTree(file.toFile()).path("spec");
                String group = spec.path("group").asText();
                if (catalog.group(group).isEmpty()) {
                    continue; // a CRD the renderers never emit (KServe)
                }
                crdGroups.add(group);
                compare(spec, problems);
            }
        }
        assertThat(crdGroups).contains("serving.knative.dev", "networking.istio.io", "security.istio.io",
                "monitoring.coreos.com");
        for (ApiCatalog.Group group : catalog.groups()) {
            if (group.group().contains(".") && !group.group().endsWith(".k8s.io")) {
                assertThat(crdGroups).as("custom group %s comes from a vendored CRD", group.group()).contains(group.group());
            }
        }
        assertThat(problems).isEmpty();
    }

    private void compare(JsonNode spec, List<String> problems) {
        String group = spec.path("group").asText();
        JsonNode names = spec.path("names");
        String plural = names.path("plural").asText();
        String storage = null;
        for (JsonNode version : spec.path("versions")) {
            if (!version.path("served").asBoolean()) {
                continue;
            }
            if (version.path("storage").asBoolean()) {
                storage = version.path("name").asText();
            }
            String where = group + "/" + version.path("name").asText() + " " + plural;
            var entry = catalog.resource(group, version.path("name").asText(), plural);
            if (entry.isEmpty()) {
                problems.add(where + ": served by the CRD, missing from the catalog");
                continue;
            }
            ApiCatalog.Resource r = entry.get();
            check(problems, where, "singular", names.path("singular").asText(), r.singular());
            check(problems, where, "kind", names.path("kind").asText(), r.kind());
            check(problems, where, "namespaced", spec.path("scope").asText().equals("Namespaced"), r.namespaced());
            check(problems, where, "shortNames", texts(names.path("shortNames")), r.shortNames());
            check(problems, where, "categories", texts(names.path("categories")), r.categories());
            check(problems, where, "status subresource", version.path("subresources").has("status"),
                    r.statusSubresource());
            List<ApiCatalog.PrinterColumn> columns = new ArrayList<>();
            for (JsonNode c : version.path("additionalPrinterColumns")) {
                columns.add(new ApiCatalog.PrinterColumn(c.path("name").asText(), c.path("type").asText(),
                        c.path("jsonPath").asText()));
            }
            check(problems, where, "printer columns", columns, r.printerColumns());
        }
        String preferred = catalog.group(group).orElseThrow().preferred().version();
        check(problems, group, "preferred version (the CRD's storage version)", storage, preferred);
    }

    private static void check(List<String> problems, String where, String what, Object crd, Object catalog) {
        if (!crd.equals(catalog)) {
            problems.add(where + ": " + what + " is " + catalog + " in the catalog but " + crd + " in the CRD");
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    @Test
    void everyPrinterColumnPathCompiles() {
        for (ApiCatalog.Group group : catalog.groups()) {
            for (ApiCatalog.Version version : group.versions()) {
                for (ApiCatalog.Resource resource : version.resources()) {
                    for (ApiCatalog.PrinterColumn column : resource.printerColumns()) {
                        assertThat(ColumnPath.compile(column.jsonPath()).toString()).isEqualTo(column.jsonPath());
                        assertThat(column.type()).isIn("string", "integer", "number", "boolean", "date");
                    }
                }
            }
        }
    }

    /** testenv/crds, whether Maven runs from the repository root or from the module. */
    private static Path crdDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("testenv/crds/SOURCES.md"))) {
                return dir.resolve("testenv/crds");
            }
        }
        throw new IllegalStateException("cannot find testenv/crds above " + Path.of("").toAbsolutePath());
    }
}
