package dev.modeldeploy.bench;

import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.manifest.ManifestSet;
import dev.modeldeploy.render.RenderResult;
import dev.modeldeploy.render.RenderedManifest;
import dev.modeldeploy.render.RenderedYaml;
import dev.modeldeploy.render.Renderer;
import dev.modeldeploy.render.settings.ClusterSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What rendering costs next to validating: 5,000 generated ModelDeployments (several per file) in a temp folder,
 * measured round by round in the same run as (a) ManifestLoader.load of the folder (the validation-only baseline),
 * (b) Renderer.render of the loaded set, (c) load + render, and (d) load + render + YAML (what
 * {@code modeldeploy render} does). Single-threaded loader so the numbers compare; JWT and request logging on, so
 * every deployment renders all six objects with the logger container.
 *
 * Usage: bin/bench render [DEPLOYMENTS] [ROUNDS]
 */
public final class RenderBench {
    private static final int DOCUMENTS_PER_FILE = 4;

    public static void main(String[] args) throws IOException {
        int deployments = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path repo = Files.createTempDirectory("modeldeploy-render-bench");
        try {
            generate(repo, deployments);
            ManifestLoader loader = new ManifestLoader(ManifestLoader.Limits.DEFAULT, false);
            ClusterSettings settings = ClusterSettings.defaults()
                    .withJwt(new ClusterSettings.Jwt(true, "https://keycloak.example.com/realms/ml",
                            "https://keycloak.example.com/realms/ml/protocol/openid-connect/certs", "realm_access.roles",
                            "modeldeploy-admin"))
                    .withRequestLogging(new ClusterSettings.RequestLogging(true, ClusterSettings.DEFAULT_LOGGER_IMAGE,
                            ClusterSettings.DEFAULT_COLLECTOR_URL, "all"));

            ManifestSet set = loader.load(repo);
            RenderResult check = Renderer.render(set, settings, Map.of());
            if (!set.valid() || set.deployments().size() != deployments || !check.failures().isEmpty()) {
                throw new IllegalStateException("generated manifests do not all validate and render: "
                        + set.findings().stream().limit(3).toList() + check.failures().stream().limit(3).toList());
            }
            int objects = objectCount(check);
            System.out.printf("repository: %d deployments, %d objects rendered, under %s%n", deployments, objects, repo);

            for (int i = 0; i < 5; i++) { // warm-up: JIT every path
                Renderer.render(loader.load(repo), settings, Map.of());
                RenderedYaml.toYaml(RenderedYaml.inStableOrder(check.rendered()));
            }
            double[] load = new double[rounds];
            double[] render = new double[rounds];
            double[] loadRender = new double[rounds];
            double[] withYaml = new double[rounds];
            long[] yamlBytes = new long[1];
            System.out.printf("%n%5s | %10s | %10s %12s | %12s %12s | %14s %12s%n", "round", "load ms", "render ms",
                    "objects/s", "load+rend ms", "objects/s", "+yaml ms", "objects/s");
            for (int r = 0; r < rounds; r++) {
                load[r] = time(() -> loader.load(repo));
                render[r] = time(() -> Renderer.render(set, settings, Map.of()));
                loadRender[r] = time(() -> Renderer.render(loader.load(repo), settings, Map.of()));
                withYaml[r] = time(() -> yamlBytes[0] = RenderedYaml.toYaml(RenderedYaml.inStableOrder(
                        Renderer.render(loader.load(repo), settings, Map.of()).rendered())).length());
                System.out.printf("%5d | %10.1f | %10.1f %12.0f | %12.1f %12.0f | %14.1f %12.0f%n", r + 1, load[r],
                        render[r], objects / render[r] * 1000, loadRender[r], objects / loadRender[r] * 1000,
                        withYaml[r], objects / withYaml[r] * 1000);
            }
            // Other processes share these cores: noise only ever adds time, so the best round is the truest one.
            double loadBest = min(load);
            double renderBest = min(render);
            double loadRenderBest = min(loadRender);
            double yamlBest = min(withYaml);
            System.out.printf("%n%-44s %9.1f ms %10.0f deployments/s %10.0f objects/s%n",
                    "baseline: ManifestLoader.load (validate)", loadBest, deployments / loadBest * 1000, objects / loadBest * 1000);
            System.out.printf("%-44s %9.1f ms %10.0f deployments/s %10.0f objects/s%n",
                    "Renderer.render (already loaded)", renderBest, deployments / renderBest * 1000, objects / renderBest * 1000);
            System.out.printf("%-44s %9.1f ms %10.0f deployments/s %10.0f objects/s%n",
                    "load + render", loadRenderBest, deployments / loadRenderBest * 1000, objects / loadRenderBest * 1000);
            System.out.printf("%-44s %9.1f ms %10.0f deployments/s %10.0f objects/s (%d KiB YAML)%n",
                    "load + render + YAML (modeldeploy render)", yamlBest, deployments / yamlBest * 1000,
                    objects / yamlBest * 1000, yamlBytes[0] / 1024);
            System.out.printf("render adds %.0f%% to validation; load+render / load = %.2fx (best rounds)%n",
                    renderBest / loadBest * 100, loadRenderBest / loadBest);
        } finally {
            deleteRecursively(repo);
        }
    }

    private static int objectCount(RenderResult result) {
        int count = 0;
        for (RenderedManifest manifest : result.rendered()) {
            count += manifest.objects().size();
        }
        return count;
    }

    private static double time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    /** Varied deployments: both predictors, GPUs, pull secrets, node selectors, annotations, examples. */
    static void generate(Path repo, int deployments) throws IOException {
        Random random = new Random(7);
        List<String> documents = new ArrayList<>(deployments);
        for (int i = 0; i < deployments; i++) {
            documents.add(deployment(i, random));
        }
        for (int start = 0; start < documents.size(); start += DOCUMENTS_PER_FILE) {
            int fileNumber = start / DOCUMENTS_PER_FILE;
            Path folder = repo.resolve("team-" + (fileNumber % 20));
            Files.createDirectories(folder);
            List<String> slice = documents.subList(start, Math.min(documents.size(), start + DOCUMENTS_PER_FILE));
            Files.writeString(folder.resolve("models-" + fileNumber + ".yaml"), String.join("---\n", slice));
        }
    }

    private static String deployment(int i, Random random) {
        boolean triton = random.nextBoolean();
        StringBuilder out = new StringBuilder();
        out.append("kind: ModelDeployment\n");
        out.append("id: model-").append(i).append('\n');
        out.append("spec:\n");
        out.append("  predictor: ").append(triton ? "triton" : "odahu-ml-server").append('\n');
        out.append("  image: registry.example.com/models/model-").append(i).append(":1.").append(random.nextInt(50)).append('\n');
        if (random.nextInt(3) == 0) {
            out.append("  imagePullConnID: private-registry\n");
        }
        out.append("  resources:\n");
        out.append("    limits:\n      cpu: ").append(1 + random.nextInt(4)).append("\n      memory: ")
                .append(1 + random.nextInt(8)).append("Gi\n");
        if (triton && random.nextInt(4) == 0) {
            out.append("      gpu: 1\n");
        }
        out.append("    requests:\n      cpu: ").append(100 + random.nextInt(900)).append("m\n      memory: 512Mi\n");
        int min = random.nextInt(3);
        out.append("  minReplicas: ").append(min).append('\n');
        out.append("  maxReplicas: ").append(min + 1 + random.nextInt(5)).append('\n');
        out.append("  roleName: team-").append(i % 20).append('\n');
        if (random.nextInt(4) == 0) {
            out.append("  nodeSelector:\n    cloud.google.com/gke-nodepool: inference\n");
        }
        if (random.nextInt(4) == 0) {
            out.append("  annotations:\n    autoscaling.knative.dev/scale-down-delay: 5m\n");
        }
        out.append("  model:\n    name: model-").append(i).append("\n    version: \"1.").append(random.nextInt(20)).append("\"\n");
        if (random.nextInt(3) == 0) {
            out.append(triton
                    ? "  examples:\n    - name: typical\n      request: {\"inputs\": [{\"name\": \"x\", \"shape\": [1, 2], "
                            + "\"datatype\": \"FP32\", \"data\": [1, 2]}]}\n"
                    : "  examples:\n    - name: typical\n      request: {\"columns\": [\"a\", \"b\"], \"data\": [[1, 2]]}\n"
                            + "      response: {\"prediction\": [6.0], \"columns\": [\"quality\"]}\n");
        }
        return out.toString();
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
