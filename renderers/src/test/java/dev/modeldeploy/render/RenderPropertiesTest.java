package dev.modeldeploy.render;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any valid manifest renders, and what it renders passes the CRD schemas, the Knative constraints and the name rules.
 * Fixed seed: the same samples on every run.
 */
class RenderPropertiesTest {

    @Property(tries = 150, seed = "20261124")
    void everyValidDeploymentRendersToValidObjects(@ForAll("deployments") ModelDeployment deployment,
            @ForAll("settings") ClusterSettings settings) {
        List<GenericKubernetesResource> objects = Rendered.renderValid(Fixtures.set(List.of(deployment), List.of()), settings);
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getName()).hasSizeLessThanOrEqualTo(63));
    }

    @Property(tries = 60, seed = "20261124")
    void everyValidRouteRendersToValidObjects(@ForAll("routeSets") ManifestSet set, @ForAll("settings") ClusterSettings settings) {
        RenderResult result = Rendered.render(set, settings);
        assertThat(result.failures()).isEmpty();
        assertThat(result.rendered()).hasSize(set.deployments().size() + set.routes().size());
        assertThat(RenderedChecks.check(RenderedYaml.inStableOrder(result.rendered()), settings.namespace())).isEmpty();
    }

    @Provide
    Arbitrary<String> ids() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z');
        Arbitrary<String> middle = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMaxLength(61);
        Arbitrary<Character> last = Arbitraries.chars().range('a', 'z').with('0', '9');
        Arbitrary<String> longish = Combinators.combine(first, middle, last).as((f, m, l) -> f + m + l);
        return Arbitraries.oneOf(longish, first.map(String::valueOf), Arbitraries.of("wine", "wine-v2", "densenet"));
    }

    @Provide
    Arbitrary<ModelDeployment> deployments() {
        Arbitrary<Predictor> predictors = Arbitraries.of(Predictor.class);
        Arbitrary<String> cpus = Arbitraries.of("100m", "250m", "1", "2", "0.5");
        Arbitrary<String> memories = Arbitraries.of("128Mi", "256Mi", "1Gi", "4Gi", "1G");
        Arbitrary<String> gpus = Arbitraries.of("1", "2").injectNull(0.6);
        Arbitrary<Resources> resources = Combinators.combine(cpus, memories, cpus, memories, gpus, Arbitraries.of(true, false))
                .as((rc, rm, lc, lm, gpu, withRequests) -> new Resources(
                        withRequests ? new ResourceList(rc, rm, gpu) : null, new ResourceList(lc, lm, gpu)));
        Arbitrary<int[]> replicas = Arbitraries.integers().between(0, 5)
                .flatMap(min -> Arbitraries.integers().between(Math.max(1, min), 20).map(max -> new int[] {min, max}));
        Arbitrary<Map<String, String>> nodeSelectors = Arbitraries.maps(
                Arbitraries.of("kubernetes.io/arch", "node.kubernetes.io/instance-type", "pool", "nvidia.com/gpu.present"),
                Arbitraries.of("amd64", "true", "gpu-pool", "m5.large", "")).ofMaxSize(2);
        Arbitrary<Map<String, String>> annotations = Arbitraries.maps(
                Arbitraries.of("autoscaling.knative.dev/scale-down-delay", "example.com/team", "sidecar.istio.io/proxyCPU",
                        "note"),
                Arbitraries.strings().ofMaxLength(20)).ofMaxSize(3);
        Arbitrary<ModelInfo> models = Combinators.combine(
                Arbitraries.strings().alpha().numeric().withChars("_-.").ofMinLength(1).ofMaxLength(30),
                Arbitraries.of("1", "1.0", "2.10", "v3")).as(ModelInfo::new);
        Arbitrary<List<ApiExample>> examples = Arbitraries.of(
                List.<ApiExample>of(),
                List.of(Fixtures.example("one", "{\"columns\": [\"a\"], \"data\": [[1, 2]]}", "{\"prediction\": [1]}")),
                List.of(Fixtures.example(null, "{\"inputs\": []}", null), Fixtures.example(null, "[1, 2]", "\"ok\"")));
        Arbitrary<String> pullSecrets = Arbitraries.of("registry", "my.registry-creds").injectNull(0.5);
        Arbitrary<String> roles = Arbitraries.strings().alpha().numeric().withChars("-_.").ofMinLength(1).ofMaxLength(40);
        Arbitrary<int[]> delays = Arbitraries.integers().between(0, 600).array(int[].class).ofSize(2);

        Arbitrary<Object[]> specParts = Combinators.combine(predictors, resources, replicas, nodeSelectors, annotations,
                models, examples, pullSecrets).as((p, r, rep, ns, an, m, ex, ps) -> new Object[] {p, r, rep, ns, an, m, ex, ps});
        return Combinators.combine(ids(), specParts, roles, delays).as((id, parts, role, delay) -> {
            int[] rep = (int[]) parts[2];
            @SuppressWarnings("unchecked")
            DeploymentSpec spec = new DeploymentSpec((Predictor) parts[0], "registry.example.com/m:1", (String) parts[7],
                    (Resources) parts[1], rep[0], rep[1], delay[0], delay[1], role,
                    (Map<String, String>) parts[3], (Map<String, String>) parts[4], (ModelInfo) parts[5],
                    (List<ApiExample>) parts[6]);
            return new ModelDeployment(id, spec, new SourceLocation("models/" + id + ".yaml", 1, 1));
        });
    }

    @Provide
    Arbitrary<ClusterSettings> settings() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(0, 1, 2), Arbitraries.of("modeldeploy", "ml"))
                .as((logging, jwtMode, namespace) -> {
                    ClusterSettings s = jwtMode == 0 ? Fixtures.jwtSettings() : ClusterSettings.defaults();
                    if (jwtMode == 2) {
                        s = s.withJwt(new ClusterSettings.Jwt(false, null, null, "realm_access.roles", "admin"));
                    }
                    if (logging) {
                        ClusterSettings.RequestLogging l = s.requestLogging();
                        s = s.withRequestLogging(new ClusterSettings.RequestLogging(true, l.loggerImage(), l.collectorUrl(), "all"));
                    }
                    return s.withNamespace(namespace);
                });
    }

    @Provide
    Arbitrary<ManifestSet> routeSets() {
        Arbitrary<List<ModelDeployment>> deployments = deployments().list().ofMinSize(1).ofMaxSize(4)
                .uniqueElements(ModelDeployment::id);
        return deployments.flatMap(ds -> {
            List<String> ids = ds.stream().map(ModelDeployment::id).toList();
            Arbitrary<ModelRoute> route = Combinators.combine(ids(), targets(ids), mirrors(ids), rules(ids))
                    .as((id, targets, mirror, rules) -> new ModelRoute(id,
                            new RouteSpec("/custom/" + id, targets, mirror, rules),
                            new SourceLocation("routes/" + id + ".yaml", 1, 1)));
            return route.list().ofMinSize(1).ofMaxSize(3).uniqueElements(ModelRoute::id)
                    .map(routes -> new ManifestSet(ds, routes, List.of(), Set.of()));
        });
    }

    private Arbitrary<List<WeightedTarget>> targets(List<String> ids) {
        Arbitrary<List<WeightedTarget>> single = Arbitraries.of(ids)
                .flatMap(id -> Arbitraries.of(100).injectNull(0.5).map(w -> List.of(new WeightedTarget(id, w))));
        Arbitrary<List<WeightedTarget>> split = Arbitraries.of(ids).list().ofMinSize(2).ofMaxSize(3)
                .flatMap(chosen -> Arbitraries.integers().between(0, 100).list().ofSize(chosen.size() - 1).map(cuts -> {
                    List<WeightedTarget> targets = new ArrayList<>();
                    int left = 100;
                    for (int i = 0; i < chosen.size(); i++) {
                        int weight = i == chosen.size() - 1 ? left : Math.min(left, cuts.get(i));
                        left -= weight;
                        targets.add(new WeightedTarget(chosen.get(i), weight));
                    }
                    return targets;
                }));
        return Arbitraries.oneOf(single, split);
    }

    private Arbitrary<String> mirrors(List<String> ids) {
        return Arbitraries.of(ids).injectNull(0.5);
    }

    private Arbitrary<List<RouteRule>> rules(List<String> ids) {
        Arbitrary<HeaderMatch> matches = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMaxLength(10).map(v -> new HeaderMatch(v, null, null)),
                Arbitraries.strings().alpha().ofMaxLength(10).map(v -> new HeaderMatch(null, v, null)),
                Arbitraries.of(".*Mobile.*", "^b[0-9]+$").map(v -> new HeaderMatch(null, null, v)));
        Arbitrary<Map<String, HeaderMatch>> headers = Arbitraries.maps(
                Arbitraries.of("x-model-variant", "X-User-Group", "user-agent"), matches).ofMinSize(1).ofMaxSize(2)
                .map(LinkedHashMap::new);
        Arbitrary<RouteRule> rule = Combinators.combine(headers, targets(ids)).as(RouteRule::new);
        return rule.list().ofMaxSize(2);
    }
}
