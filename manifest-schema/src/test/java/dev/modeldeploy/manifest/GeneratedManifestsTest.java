package dev.modeldeploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated repositories (a few deployments and a route splitting traffic between them, in one file): valid ones
 * give no finding, and breaking exactly one field gives exactly one finding, at that field's line and column.
 * Each case is generated from its own fixed seed, so every run checks the same cases and a failure names the seed
 * that reproduces it.
 */
class GeneratedManifestsTest {
    private static final Path FOLDER = createFolder();
    private static final ManifestLoader LOADER = new ManifestLoader();

    /** A YAML document as nested maps and lists whose leaves are scalars exactly as they are to be written. */
    private static Map<String, Object> deployment(Random random, int index) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("predictor", random.nextBoolean() ? "odahu-ml-server" : "triton");
        spec.put("image", "registry.example.com/" + word(random, 1 + random.nextInt(10)) + ":" + random.nextInt(100));
        if (random.nextInt(3) == 0) {
            spec.put("imagePullConnID", word(random, 6));
        }
        if (random.nextBoolean()) {
            spec.put("resources", resources(random));
        }
        Integer min = null;
        if (random.nextBoolean()) {
            min = random.nextInt(6);
            spec.put("minReplicas", String.valueOf(min));
        }
        if (random.nextBoolean()) {
            int atLeast = Math.max(1, min == null ? 0 : min);
            spec.put("maxReplicas", String.valueOf(atLeast + random.nextInt(5)));
        }
        if (random.nextBoolean()) {
            spec.put("livenessProbeInitialDelay", String.valueOf(random.nextInt(60)));
            spec.put("readinessProbeInitialDelay", String.valueOf(random.nextInt(60)));
        }
        if (random.nextInt(3) == 0) {
            spec.put("roleName", word(random, 1) + (random.nextBoolean() ? "" : word(random, random.nextInt(8)) + "_." + word(random, 1)));
        }
        if (random.nextInt(3) == 0) {
            Map<String, Object> nodeSelector = new LinkedHashMap<>();
            nodeSelector.put("example.com/pool", word(random, 1 + random.nextInt(8)));
            if (random.nextBoolean()) {
                nodeSelector.put("tier", "\"\"");
            }
            spec.put("nodeSelector", nodeSelector);
        }
        if (random.nextInt(3) == 0) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("name", word(random, 5));
            model.put("version", random.nextBoolean() ? "1." + random.nextInt(20) : "\"v" + random.nextInt(9) + "\"");
            spec.put("model", model);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("kind", "ModelDeployment");
        document.put("id", id(random) + "-" + index);
        document.put("spec", spec);
        return document;
    }

    /** Requests and limits, each entry optional, written as millicores or whole cores and as Mi or Gi; limits never below requests. */
    private static Map<String, Object> resources(Random random) {
        Integer cpuRequest = random.nextBoolean() ? 1 + random.nextInt(4000) : null;
        Integer cpuLimit = random.nextBoolean() ? 1 + random.nextInt(4000) : null;
        Integer memoryRequest = random.nextBoolean() ? 1 + random.nextInt(4096) : null;
        Integer memoryLimit = random.nextBoolean() ? 1 + random.nextInt(4096) : null;
        int effectiveCpuRequest = cpuRequest == null ? 125 : cpuRequest;
        int effectiveMemoryRequest = memoryRequest == null ? 128 : memoryRequest;
        if (cpuLimit != null || effectiveCpuRequest > 250) {
            cpuLimit = Math.max(cpuLimit == null ? 0 : cpuLimit, effectiveCpuRequest);
        }
        if (memoryLimit != null || effectiveMemoryRequest > 256) {
            memoryLimit = Math.max(memoryLimit == null ? 0 : memoryLimit, effectiveMemoryRequest);
        }
        Map<String, Object> requests = new LinkedHashMap<>();
        Map<String, Object> limits = new LinkedHashMap<>();
        putCpu(requests, cpuRequest);
        putMemory(requests, memoryRequest);
        putCpu(limits, cpuLimit);
        putMemory(limits, memoryLimit);
        Map<String, Object> resources = new LinkedHashMap<>();
        if (!requests.isEmpty() || random.nextBoolean()) {
            resources.put("requests", requests.isEmpty() ? "{}" : requests);
        }
        if (!limits.isEmpty()) {
            resources.put("limits", limits);
        }
        return resources;
    }

    private static void putCpu(Map<String, Object> list, Integer millicores) {
        if (millicores != null) {
            list.put("cpu", millicores % 1000 == 0 ? String.valueOf(millicores / 1000) : millicores + "m");
        }
    }

    private static void putMemory(Map<String, Object> list, Integer mebibytes) {
        if (mebibytes != null) {
            list.put("memory", mebibytes % 1024 == 0 ? mebibytes / 1024 + "Gi" : mebibytes + "Mi");
        }
    }

    private static Map<String, Object> route(Random random, List<Map<String, Object>> deployments) {
        // the first deployment is left out of the route, so breaking it breaks nothing else
        int targets = 1 + random.nextInt(Math.min(3, deployments.size() - 1));
        List<Object> list = new ArrayList<>();
        int remaining = 100;
        for (int i = 0; i < targets; i++) {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("mdName", (String) deployments.get(i + 1).get("id"));
            int weight = i == targets - 1 ? remaining : random.nextInt(remaining + 1);
            remaining -= weight;
            if (targets > 1 || random.nextBoolean()) {
                target.put("weight", String.valueOf(weight));
            }
            list.add(target);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("urlPrefix", "/custom/" + word(random, 1 + random.nextInt(10)));
        spec.put("modelDeployments", list);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("kind", "ModelRoute");
        document.put("id", id(random));
        document.put("spec", spec);
        return document;
    }

    private static String id(Random random) {
        StringBuilder id = new StringBuilder(word(random, 1));
        int middle = random.nextInt(30);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
        for (int i = 0; i < middle; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.append(word(random, 1)).toString();
    }

    private static String word(Random random, int length) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    private static final int CASES = 150;

    /** A few deployments and one route splitting traffic between all but the first of them. */
    private static List<Map<String, Object>> repository(long seed) {
        Random random = new Random(seed);
        List<Map<String, Object>> documents = new ArrayList<>();
        int deployments = 2 + random.nextInt(3);
        for (int i = 0; i < deployments; i++) {
            documents.add(deployment(random, i));
        }
        documents.add(route(random, documents));
        return documents;
    }

    static IntStream seeds() {
        return IntStream.range(0, CASES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void validRepositoriesHaveNoFindings(int seed) {
        List<Map<String, Object>> documents = repository(20261124L + seed);
        ManifestSet set = load(new Rendered(documents));

        assertThat(Fixtures.lines(set)).isEmpty();
        assertThat(set.deployments()).hasSize(documents.size() - 1);
        assertThat(set.routes()).hasSize(1);
    }

    /** One broken field: where it is, and whether the finding points at its key (unknown field) or its value. */
    enum Mutation {
        BAD_ID(d -> set(d.get(d.size() - 1), "id", "Bad_Id"), "$.id", false),
        PREDICTOR_TYPO(d -> set(spec(d.get(0)), "predictor", "tritonn"), "$.spec.predictor", false),
        NEGATIVE_MIN_REPLICAS(d -> set(spec(d.get(0)), "minReplicas", "-1"), "$.spec.minReplicas", false),
        ZERO_MAX_REPLICAS(d -> set(spec(d.get(0)), "maxReplicas", "0"), "$.spec.maxReplicas", false),
        MAX_BELOW_MIN(d -> {
            set(spec(d.get(0)), "minReplicas", "3");
            set(spec(d.get(0)), "maxReplicas", "2");
        }, "$.spec.maxReplicas", false),
        NEGATIVE_PROBE_DELAY(d -> set(spec(d.get(0)), "readinessProbeInitialDelay", "-3"), "$.spec.readinessProbeInitialDelay", false),
        BAD_QUANTITY(d -> set(section(d.get(0), "limits"), "memory", "1Gb"), "$.spec.resources.limits.memory", false),
        LIMIT_BELOW_REQUEST(d -> {
            set(section(d.get(0), "requests"), "cpu", "500m");
            set(section(d.get(0), "limits"), "cpu", "400m");
        }, "$.spec.resources.limits.cpu", false),
        UNKNOWN_FIELD(d -> set(spec(d.get(0)), "minReplica", "1"), "$.spec.minReplica", true),
        BAD_ROLE_NAME(d -> set(spec(d.get(0)), "roleName", "-admins"), "$.spec.roleName", false),
        BAD_NODE_SELECTOR_VALUE(d -> set(map(spec(d.get(0)), "nodeSelector"), "pool", "\"a b\""), "$.spec.nodeSelector.pool", false),
        BAD_MODEL_VERSION(d -> set(map(spec(d.get(0)), "model"), "version", "\"1 beta\""), "$.spec.model.version", false),
        BAD_URL_PREFIX(d -> set(spec(d.get(d.size() - 1)), "urlPrefix", "/model/elsewhere"), "$.spec.urlPrefix", false),
        UNKNOWN_TARGET(d -> set(firstTarget(d), "mdName", "no-such-model"), "$.spec.modelDeployments[0].mdName", false),
        WEIGHTS_NOT_100(d -> {
            Map<String, Object> target = firstTarget(d);
            int weight = Integer.parseInt((String) target.getOrDefault("weight", "100"));
            set(target, "weight", String.valueOf(weight > 0 ? weight - 1 : weight + 1));
        }, null, false);

        final java.util.function.Consumer<List<Map<String, Object>>> apply;
        final String path;
        final boolean atKey;

        Mutation(java.util.function.Consumer<List<Map<String, Object>>> apply, String path, boolean atKey) {
            this.apply = apply;
            this.path = path;
            this.atKey = atKey;
        }

        /** Where the finding must be; for the weights, a single target's own weight or else the whole split. */
        String expectedPath(List<Map<String, Object>> documents) {
            if (path != null) {
                return path;
            }
            List<?> targets = (List<?>) spec(documents.get(documents.size() - 1)).get("modelDeployments");
            return targets.size() == 1 ? "$.spec.modelDeployments[0].weight" : "$.spec.modelDeployments";
        }

        int expectedDocument(List<Map<String, Object>> documents) {
            return this == BAD_ID || this == BAD_URL_PREFIX || this == UNKNOWN_TARGET || this == WEIGHTS_NOT_100 ? documents.size() - 1 : 0;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void oneMutatedFieldGivesExactlyOneFindingAtThatField(int seed) {
        List<Map<String, Object>> documents = repository(20261125L + seed);
        // Every mutation is applied to CASES / Mutation.values().length different repositories.
        Mutation mutation = Mutation.values()[seed % Mutation.values().length];
        mutation.apply.accept(documents);
        Rendered rendered = new Rendered(documents);
        String path = mutation.expectedPath(documents);
        int document = mutation.expectedDocument(documents);

        ManifestSet set = load(rendered);

        int[] position = rendered.position(document, path, mutation.atKey);
        assertThat(set.findings()).as(rendered.text).hasSize(1);
        Finding finding = set.findings().get(0);
        assertThat(finding.jsonPath()).isEqualTo(path);
        assertThat(finding.location()).isEqualTo(new SourceLocation("repo.yaml", position[0], position[1]));
        assertThat(finding.id()).isEqualTo(documents.get(document).get("id"));
    }

    private static ManifestSet load(Rendered rendered) {
        try {
            return LOADER.load(Files.writeString(FOLDER.resolve("repo.yaml"), rendered.text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> document) {
        return (Map<String, Object>) document.get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map)) {
            value = new LinkedHashMap<String, Object>();
            parent.put(key, value);
        }
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> section(Map<String, Object> deployment, String name) {
        return map(map(spec(deployment), "resources"), name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstTarget(List<Map<String, Object>> documents) {
        return (Map<String, Object>) ((List<Object>) spec(documents.get(documents.size() - 1)).get("modelDeployments")).get(0);
    }

    private static void set(Map<String, Object> map, String key, String value) {
        map.put(key, value);
    }

    /** Block-style YAML, remembering the 1-based line and column of every key and value by document and JSON path. */
    private static final class Rendered {
        final String text;
        private final Map<String, int[]> keys = new HashMap<>();
        private final Map<String, int[]> values = new HashMap<>();
        private final StringBuilder out = new StringBuilder();
        private int line;
        private int document;

        Rendered(List<Map<String, Object>> documents) {
            for (document = 0; document < documents.size(); document++) {
                if (document > 0) {
                    newLine("---");
                }
                renderMap(documents.get(document), 0, "$");
            }
            text = out.toString();
        }

        int[] position(int documentIndex, String path, boolean atKey) {
            int[] found = (atKey ? keys : values).get(documentIndex + path);
            if (found == null) {
                throw new IllegalStateException("nothing rendered at " + path + " in\n" + text);
            }
            return found;
        }

        private void newLine(String content) {
            out.append(content).append('\n');
            line++;
        }

        @SuppressWarnings("unchecked")
        private void renderMap(Map<String, Object> map, int indent, String path) {
            for (Map.Entry<String, Object> entry : map.entrySet()) {
                renderEntry(" ".repeat(indent), entry.getKey(), entry.getValue(), indent, path);
            }
        }

        @SuppressWarnings("unchecked")
        private void renderEntry(String prefix, String key, Object value, int indent, String parentPath) {
            String path = parentPath + (key.matches("[A-Za-z_][A-Za-z0-9_]*") ? "." + key : "['" + key + "']");
            keys.put(document + path, new int[] {line + 1, prefix.length() + 1});
            if (value instanceof Map<?, ?> nested && nested.isEmpty()) {
                renderEntry(prefix, key, "{}", indent, parentPath);
            } else if (value instanceof Map<?, ?> nested) {
                newLine(prefix + key + ":");
                values.put(document + path, new int[] {line + 1, indent + 3});
                renderMap((Map<String, Object>) nested, indent + 2, path);
            } else if (value instanceof List<?> items) {
                newLine(prefix + key + ":");
                values.put(document + path, new int[] {line + 1, indent + 3});
                for (int i = 0; i < items.size(); i++) {
                    String itemPath = path + "[" + i + "]";
                    values.put(document + itemPath, new int[] {line + 1, indent + 5});
                    boolean first = true;
                    for (Map.Entry<String, Object> field : ((Map<String, Object>) items.get(i)).entrySet()) {
                        String itemPrefix = " ".repeat(indent + 2) + (first ? "- " : "  ");
                        renderEntry(itemPrefix, field.getKey(), field.getValue(), indent + 4, itemPath);
                        first = false;
                    }
                }
            } else {
                values.put(document + path, new int[] {line + 1, prefix.length() + key.length() + 3});
                newLine(prefix + key + ": " + value);
            }
        }
    }

    private static Path createFolder() {
        try {
            return Files.createTempDirectory("modeldeploy-properties");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeFolder() throws IOException {
        try (Stream<Path> paths = Files.walk(FOLDER)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
