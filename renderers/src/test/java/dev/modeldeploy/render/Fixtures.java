package dev.modeldeploy.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Manifests built as records, the way the loader hands them over (every default applied). */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static ModelDeployment odahu(String id) {
        return deployment(id, Predictor.ODAHU_ML_SERVER, spec -> spec);
    }

    static ModelDeployment triton(String id) {
        return deployment(id, Predictor.TRITON, spec -> spec);
    }

    interface SpecChange {
        Spec apply(Spec spec);
    }

    /** A mutable stand-in for DeploymentSpec, so a test changes only what it is about. */
    static final class Spec {
        Predictor predictor;
        String image = "registry.example.com/models/model:1.0";
        String imagePullConnID;
        Resources resources = new Resources(new ResourceList("125m", "128Mi", null), new ResourceList("250m", "256Mi", null));
        int minReplicas = 0;
        int maxReplicas = 1;
        int liveness = 2;
        int readiness = 2;
        String roleName;
        Map<String, String> nodeSelector = Map.of();
        Map<String, String> annotations = Map.of();
        ModelInfo model;
        List<ApiExample> examples = List.of();

        Spec gpu(String count) {
            resources = new Resources(new ResourceList("1", "1Gi", count), new ResourceList("2", "2Gi", count));
            return this;
        }

        Spec annotations(Map<String, String> value) {
            annotations = value;
            return this;
        }

        Spec replicas(int min, int max) {
            minReplicas = min;
            maxReplicas = max;
            return this;
        }
    }

    static ModelDeployment deployment(String id, Predictor predictor, SpecChange change) {
        Spec s = new Spec();
        s.predictor = predictor;
        s.roleName = "role-" + id;
        s.model = new ModelInfo(id, "1");
        s = change.apply(s);
        DeploymentSpec spec = new DeploymentSpec(s.predictor, s.image, s.imagePullConnID, s.resources, s.minReplicas,
                s.maxReplicas, s.liveness, s.readiness, s.roleName, s.nodeSelector, s.annotations, s.model, s.examples);
        return new ModelDeployment(id, spec, new SourceLocation("models/" + id + ".yaml", 1, 1));
    }

    static ModelRoute route(String id, String urlPrefix, List<WeightedTarget> targets, String mirror, List<RouteRule> rules) {
        return new ModelRoute(id, new RouteSpec(urlPrefix, targets, mirror, rules),
                new SourceLocation("routes/" + id + ".yaml", 1, 1));
    }

    static WeightedTarget target(String id, Integer weight) {
        return new WeightedTarget(id, weight);
    }

    static RouteRule rule(String header, String exact, WeightedTarget... targets) {
        return new RouteRule(Map.of(header, new HeaderMatch(exact, null, null)), List.of(targets));
    }

    static ApiExample example(String name, String requestJson, String responseJson) {
        return new ApiExample(name, json(requestJson), responseJson == null ? null : json(responseJson));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ManifestSet set(List<ModelDeployment> deployments, List<ModelRoute> routes) {
        return new ManifestSet(deployments, routes, List.of(), Set.of());
    }

    static ClusterSettings jwtSettings() {
        return ClusterSettings.defaults().withJwt(new ClusterSettings.Jwt(true, "https://issuer.example.com/realms/ml",
                "https://issuer.example.com/realms/ml/certs", "realm_access.roles", "modeldeploy-admin"));
    }

    static ClusterSettings loggingSettings() {
        ClusterSettings.RequestLogging logging = ClusterSettings.defaults().requestLogging();
        return jwtSettings().withRequestLogging(new ClusterSettings.RequestLogging(true, logging.loggerImage(),
                logging.collectorUrl(), logging.mode()));
    }
}
