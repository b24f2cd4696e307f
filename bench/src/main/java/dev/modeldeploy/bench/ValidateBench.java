package dev.modeldeploy.bench;

import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.manifest.ManifestSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * How much validation costs over merely parsing: a generated repository of 5,000 manifests (deployments and
 * routes, several per file) is read (a) by snakeyaml-engine's composer alone and (b) by ManifestLoader.load,
 * interleaved round by round so both see the same machine state. Goal: (b) at most 3x (a), single-threaded.
 *
 * Usage: bin/bench validate [MANIFESTS] [ROUNDS]
 */
public final class ValidateBench {
    private static final int DOCUMENTS_PER_FILE = 4;

    public static void main(String[] args) throws IOException {
        int manifests = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path repo = Files.createTempDirectory("modeldeploy-validate-bench");
        try {
            List<Path> files = generate(repo, manifests);
            System.out.printf("repository: %d manifests in %d files (%d KiB) under %s%n", manifests, files.size(),
                    sizeOf(files) / 1024, repo);
            ManifestLoader sequential = new ManifestLoader(ManifestLoader.Limits.DEFAULT, false);
            ManifestLoader parallel = new ManifestLoader(ManifestLoader.Limits.DEFAULT, true);

            ManifestSet check = sequential.load(repo);
            if (!check.valid() || check.deployments().size() + check.routes().size() != manifests) {
                throw new IllegalStateException("generated repository does not validate: " + check.findings().subList(0, Math.min(5, check.findings().size())));
            }
            for (int i = 0; i < 5; i++) { // warm-up: JIT both paths
                parseOnly(files);
                sequential.load(repo);
                parallel.load(repo);
            }
            double[] parse = new double[rounds];
            double[] validate = new double[rounds];
            double[] validateParallel = new double[rounds];
            System.out.printf("%n%5s | %12s %14s | %12s %14s | %6s | %12s %14s%n", "round", "parse ms", "manifests/s",
                    "validate ms", "manifests/s", "ratio", "parallel ms", "manifests/s");
            for (int r = 0; r < rounds; r++) {
                parse[r] = time(() -> parseOnly(files));
                validate[r] = time(() -> sequential.load(repo));
                validateParallel[r] = time(() -> parallel.load(repo));
                System.out.printf("%5d | %12.1f %14.0f | %12.1f %14.0f | %5.2fx | %12.1f %14.0f%n", r + 1,
                        parse[r], manifests / parse[r] * 1000, validate[r], manifests / validate[r] * 1000,
                        validate[r] / parse[r], validateParallel[r], manifests / validateParallel[r] * 1000);
            }
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = validate[r] / parse[r];
            }
            // Other processes share these cores: noise only ever adds time, so the best round is the truest one.
            double parseBest = Arrays.stream(parse).min().orElseThrow();
            double validateBest = Arrays.stream(validate).min().orElseThrow();
            double parallelBest = Arrays.stream(validateParallel).min().orElseThrow();
            System.out.printf("%n%-40s %9.1f ms %10.0f manifests/s%n", "baseline: snakeyaml-engine compose", parseBest, manifests / parseBest * 1000);
            System.out.printf("%-40s %9.1f ms %10.0f manifests/s%n", "ManifestLoader.load, 1 thread", validateBest, manifests / validateBest * 1000);
            System.out.printf("%-40s %9.1f ms %10.0f manifests/s%n", "ManifestLoader.load, parallel (" + Runtime.getRuntime().availableProcessors() + " cpus)",
                    parallelBest, manifests / parallelBest * 1000);
            System.out.printf("ratio validate/parse, 1 thread: %.2fx best rounds, %.2fx median of per-round ratios (goal: at most 3x)%n",
                    validateBest / parseBest, median(ratios));
        } finally {
            deleteRecursively(repo);
        }
    }

    /** The baseline: read each file and compose every document, as the loader must do at the least. */
    private static void parseOnly(List<Path> files) {
        LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).build();
        long nodes = 0;
        for (Path file : files) {
            try {
                String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                for (Node root : new Compose(settings).composeAllFromString(text)) {
                    nodes += root.getStartMark().isPresent() ? 1 : 0;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        if (nodes == 0) {
            throw new IllegalStateException("nothing parsed");
        }
    }

    private static double time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** About 80% deployments of varied shape, 20% routes splitting traffic between them; ids unique. */
    static List<Path> generate(Path repo, int manifests) throws IOException {
        Random random = new Random(42);
        int routes = manifests / 5;
        int deployments = manifests - routes;
        List<String> documents = new ArrayList<>(manifests);
        for (int i = 0; i < deployments; i++) {
            documents.add(deployment(i, random));
        }
        for (int i = 0; i < routes; i++) {
            documents.add(route(i, deployments, random));
        }
        List<Path> files = new ArrayList<>();
        for (int start = 0; start < documents.size(); start += DOCUMENTS_PER_FILE) {
            int fileNumber = start / DOCUMENTS_PER_FILE;
            Path folder = repo.resolve("team-" + (fileNumber % 20)).resolve(fileNumber % 3 == 0 ? "prod" : "staging");
            Files.createDirectories(folder);
            Path file = folder.resolve("models-" + fileNumber + (fileNumber % 4 == 0 ? ".yml" : ".yaml"));
            List<String> slice = documents.subList(start, Math.min(documents.size(), start + DOCUMENTS_PER_FILE));
            Files.writeString(file, "# generated by ValidateBench\n" + String.join("---\n", slice));
            files.add(file);
        }
        return files;
    }

    private static String deployment(int i, Random random) {
        StringBuilder out = new StringBuilder();
        out.append("kind: ModelDeployment\n");
        out.append("# the model served for team ").append(i % 20).append('\n');
        out.append("id: model-").append(i).append('\n');
        out.append("spec:\n");
        out.append("  predictor: ").append(random.nextBoolean() ? "odahu-ml-server" : "triton").append('\n');
        out.append("  image: registry.example.com/models/model-").append(i).append(":1.").append(random.nextInt(50)).append('\n');
        if (random.nextInt(3) == 0) {
            out.append("  imagePullConnID: private-registry\n");
        }
        out.append("  resources:\n");
        out.append("    limits:\n      cpu: ").append(1 + random.nextInt(4)).append("\n      memory: ").append(1 + random.nextInt(8)).append("Gi\n");
        if (random.nextInt(8) == 0) {
            out.append("      gpu: 1\n");
        }
        out.append("    requests:\n      cpu: ").append(100 + random.nextInt(900)).append("m\n      memory: 512Mi\n");
        int min = random.nextInt(3);
        out.append("  minReplicas: ").append(min).append('\n');
        out.append("  maxReplicas: ").append(min + 1 + random.nextInt(5)).append('\n');
        if (random.nextBoolean()) {
            out.append("  livenessProbeInitialDelay: 10\n  readinessProbeInitialDelay: 5\n");
        }
        if (random.nextInt(4) == 0) {
            out.append("  nodeSelector:\n    cloud.google.com/gke-nodepool: gpu-pool\n    mode: inference\n");
        }
        if (random.nextInt(4) == 0) {
            out.append("  annotations:\n    autoscaling.knative.dev/target: \"10\"\n");
        }
        out.append("  model:\n    name: model-").append(i).append("\n    version: 1.").append(random.nextInt(20)).append('\n');
        if (random.nextInt(5) == 0) {
            out.append("  examples:\n    - name: typical\n      request: {\"columns\": [\"a\", \"b\"], \"data\": [[1, 2]]}\n")
                    .append("      response: {\"prediction\": [6.0], \"columns\": [\"quality\"]}\n");
        }
        return out.toString();
    }

    private static String route(int i, int deployments, Random random) {
        int a = random.nextInt(deployments);
        int b = (a + 1 + random.nextInt(deployments - 1)) % deployments;
        int weight = 5 + random.nextInt(90);
        StringBuilder out = new StringBuilder();
        out.append("kind: ModelRoute\nid: route-").append(i).append("\nspec:\n");
        out.append("  urlPrefix: /custom/route-").append(i).append('\n');
        out.append("  modelDeployments:\n");
        out.append("    - mdName: model-").append(a).append("\n      weight: ").append(weight).append('\n');
        out.append("    - mdName: model-").append(b).append("\n      weight: ").append(100 - weight).append('\n');
        if (random.nextInt(3) == 0) {
            out.append("  rules:\n    - match:\n        headers:\n          x-canary:\n            exact: \"true\"\n")
                    .append("      modelDeployments:\n        - mdName: model-").append(b).append('\n');
        }
        if (random.nextInt(4) == 0) {
            out.append("  mirror: model-").append((b + 1) % deployments).append('\n');
        }
        return out.toString();
    }

    private static long sizeOf(List<Path> files) throws IOException {
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        return total;
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
