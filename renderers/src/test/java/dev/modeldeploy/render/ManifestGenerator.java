package dev.modeldeploy.render;

import dev.modeldeploy.manifest.ApiExample;
import dev.modeldeploy.manifest.DeploymentSpec;
import dev.modeldeploy.manifest.HeaderMatch;
import dev.modeldeploy.manifest.ManifestSet;
import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.manifest.ModelInfo;
import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.manifest.Predictor;
import dev.modeldeploy.manifest.ResourceList;
import dev.modeldeploy.manifest.Resources;
import dev.modeldeploy.manifest.RouteRule;
import dev.modeldeploy.manifest.RouteSpec;
import dev.modeldeploy.manifest.SourceLocation;
import dev.modeldeploy.manifest.WeightedTarget;
import dev.modeldeploy.render.settings.ClusterSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Valid manifests and cluster settings drawn from a seeded {@link Random}: every optional field of a deployment
 * and a route is set in some draws and left out in others. Shared with the reconciler's tests (test-jar), which
 * send what these render to a real API server.
 */
public final class ManifestGenerator {
    private static final String ID_MIDDLE = "abcdefghijklmnopqrstuvwxyz0123456789-";
    private static final String ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String ALPHANUMERIC = ALPHA + "0123456789";

    private ManifestGenerator() {
    }

    /** Ids of every length up to 63, one-letter ids, and the examples' ids. */
    private static String id(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> pick(random, "wine", "wine-v2", "densenet");
            case 1 -> String.valueOf((char) ('a' + random.nextInt(26)));
            default -> (char) ('a' + random.nextInt(26)) + string(random, ID_MIDDLE, 0, 61)
                    + pick(random, "a", "z", "0", "9", String.valueOf((char) ('a' + random.nextInt(26))));
        };
    }

    public static ModelDeployment deployment(Random random) {
        String id = id(random);
        String gpu = random.nextDouble() < 0.6 ? null : pick(random, "1", "2");
        ResourceList limits = new ResourceList(cpu(random), memory(random), gpu);
        Resources resources = new Resources(random.nextBoolean() ? new ResourceList(cpu(random), memory(random), gpu) : null,
                limits);
        int min = random.nextInt(6);
        int max = Math.max(1, min) + random.nextInt(20 - Math.max(1, min) + 1);
        Map<String, String> nodeSelector = map(random, 2,
                () -> pick(random, "kubernetes.io/arch", "node.kubernetes.io/instance-type", "pool", "nvidia.com/gpu.present"),
                () -> pick(random, "amd64", "true", "gpu-pool", "m5.large", ""));
        Map<String, String> annotations = map(random, 3,
                () -> pick(random, "autoscaling.knative.dev/scale-down-delay", "example.com/team",
                        "sidecar.istio.io/proxyCPU", "note"),
                () -> string(random, ALPHANUMERIC + " -_./:", 0, 20));
        ModelInfo model = new ModelInfo(string(random, ALPHANUMERIC + "_-.", 1, 30), pick(random, "1", "1.0", "2.10", "v3"));
        List<ApiExample> examples = switch (random.nextInt(3)) {
            case 0 -> List.of();
            case 1 -> List.of(Fixtures.example("one", "{\"columns\": [\"a\"], \"data\": [[1, 2]]}", "{\"prediction\": [1]}"));
            default -> List.of(Fixtures.example(null, "{\"inputs\": []}", null), Fixtures.example(null, "[1, 2]", "\"ok\""));
        };
        String pullSecret = random.nextBoolean() ? null : pick(random, "registry", "my.registry-creds");
        String role = string(random, ALPHANUMERIC + "-_.", 1, 40);
        DeploymentSpec spec = new DeploymentSpec(pick(random, Predictor.values()), "registry.example.com/m:1", pullSecret,
                resources, min, max, random.nextInt(601), random.nextInt(601), role, nodeSelector, annotations, model,
                examples);
        return new ModelDeployment(id, spec, new SourceLocation("models/" + id + ".yaml", 1, 1));
    }

    private static String cpu(Random random) {
        return pick(random, "100m", "250m", "1", "2", "0.5");
    }

    private static String memory(Random random) {
        return pick(random, "128Mi", "256Mi", "1Gi", "4Gi", "1G");
    }

    /** JWT from an issuer, on without one, or off; request logging on or off; two namespaces. */
    public static ClusterSettings settings(Random random) {
        int jwtMode = random.nextInt(3);
        ClusterSettings s = jwtMode == 0 ? Fixtures.jwtSettings() : ClusterSettings.defaults();
        if (jwtMode == 2) {
            s = s.withJwt(new ClusterSettings.Jwt(false, null, null, "realm_access.roles", "admin"));
        }
        if (random.nextBoolean()) {
            ClusterSettings.RequestLogging l = s.requestLogging();
            s = s.withRequestLogging(new ClusterSettings.RequestLogging(true, l.loggerImage(), l.collectorUrl(), "all"));
        }
        return s.withNamespace(pick(random, "modeldeploy", "ml"));
    }

    public static ManifestSet routeSet(Random random) {
        List<ModelDeployment> deployments = unique(random, 1, 4, () -> deployment(random), ModelDeployment::id);
        List<String> ids = deployments.stream().map(ModelDeployment::id).toList();
        List<ModelRoute> routes = unique(random, 1, 3, () -> {
            String id = id(random);
            String mirror = random.nextBoolean() ? null : pick(random, ids.toArray(String[]::new));
            List<RouteRule> rules = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                rules.add(new RouteRule(headers(random), targets(random, ids)));
            }
            return new ModelRoute(id, new RouteSpec("/custom/" + id, targets(random, ids), mirror, rules),
                    new SourceLocation("routes/" + id + ".yaml", 1, 1));
        }, ModelRoute::id);
        return new ManifestSet(deployments, routes, List.of(), Set.of());
    }

    /** One target with weight 100 or none, or a split over two or three (possibly repeated) targets summing to 100. */
    private static List<WeightedTarget> targets(Random random, List<String> ids) {
        String[] choices = ids.toArray(String[]::new);
        if (random.nextBoolean()) {
            return List.of(new WeightedTarget(pick(random, choices), random.nextBoolean() ? 100 : null));
        }
        int count = 2 + random.nextInt(2);
        List<WeightedTarget> targets = new ArrayList<>();
        int left = 100;
        for (int i = 0; i < count; i++) {
            int weight = i == count - 1 ? left : Math.min(left, random.nextInt(101));
            left -= weight;
            targets.add(new WeightedTarget(pick(random, choices), weight));
        }
        return targets;
    }

    private static Map<String, HeaderMatch> headers(Random random) {
        Map<String, HeaderMatch> headers = new LinkedHashMap<>();
        for (int i = 1 + random.nextInt(2); i > 0; i--) {
            HeaderMatch match = switch (random.nextInt(3)) {
                case 0 -> new HeaderMatch(string(random, ALPHA, 0, 10), null, null);
                case 1 -> new HeaderMatch(null, string(random, ALPHA, 0, 10), null);
                default -> new HeaderMatch(null, null, pick(random, ".*Mobile.*", "^b[0-9]+$"));
            };
            headers.put(pick(random, "x-model-variant", "X-User-Group", "user-agent"), match);
        }
        return headers;
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static String string(Random random, String alphabet, int minLength, int maxLength) {
        StringBuilder text = new StringBuilder();
        for (int i = minLength + random.nextInt(maxLength - minLength + 1); i > 0; i--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static Map<String, String> map(Random random, int maxSize, java.util.function.Supplier<String> keys,
                                           java.util.function.Supplier<String> values) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = random.nextInt(maxSize + 1); i > 0; i--) {
            map.put(keys.get(), values.get());
        }
        return map;
    }

    private static <T> List<T> unique(Random random, int min, int max, java.util.function.Supplier<T> next,
                                      java.util.function.Function<T, String> key) {
        int size = min + random.nextInt(max - min + 1);
        Set<String> seen = new LinkedHashSet<>();
        List<T> items = new ArrayList<>();
        for (int attempts = 0; items.size() < size && attempts < 50; attempts++) {
            T item = next.get();
            if (seen.add(key.apply(item))) {
                items.add(item);
            }
        }
        return items;
    }
}
