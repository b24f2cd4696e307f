package dev.modeldeploy.render;

import static dev.modeldeploy.render.Rendered.at;
import static dev.modeldeploy.render.Rendered.listAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.manifest.Finding;
import dev.modeldeploy.manifest.HeaderMatch;
import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.manifest.RouteRule;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelRouteRendererTest {
    private static final ClusterSettings SETTINGS = Fixtures.jwtSettings();
    private static final String LOCAL_GATEWAY = "knative-local-gateway.istio-system.svc.cluster.local";

    private static List<GenericKubernetesResource> render(ModelRoute route, ClusterSettings settings) {
        return Rendered.renderValid(Fixtures.set(List.of(Fixtures.odahu("wine"), Fixtures.odahu("wine-v2")),
                List.of(route)), settings);
    }

    private static Map<String, Object> destination(String host, int weight, String model) {
        return Map.of(
                "destination", Map.of("host", LOCAL_GATEWAY, "port", Map.of("number", 80)),
                "weight", weight,
                "headers", Map.of(
                        "request", Map.of("set", Map.of("Host", host + ".modeldeploy.svc.cluster.local")),
                        "response", Map.of("set", Map.of("model-name", model, "model-version", "1"))));
    }

    @Test
    void canarySplitsByWeightThroughTheLocalGatewayWithAHostPerDestination() {
        ModelRoute canary = Fixtures.route("canary", "/custom/wine",
                List.of(Fixtures.target("wine", 90), Fixtures.target("wine-v2", 10)), null, List.of());
        GenericKubernetesResource vs = Rendered.one(render(canary, SETTINGS), "VirtualService", "canary-route");

        assertThat(vs.getMetadata().getLabels()).containsEntry(ManagedLabels.ROUTE_ID, "canary");
        assertThat(at(vs, "spec", "gateways")).isEqualTo(List.of("knative-serving/knative-ingress-gateway"));
        assertThat(at(vs, "spec", "hosts")).isEqualTo(List.of("*"));
        List<Map<String, Object>> http = listAt(vs, "spec", "http");
        assertThat(http).hasSize(1);
        assertThat(http.get(0).get("match")).isEqualTo(List.of(Map.of("uri", Map.of("prefix", "/custom/wine/"))));
        assertThat(http.get(0).get("rewrite")).isEqualTo(Map.of("uri", "/"));
        assertThat(http.get(0).get("route")).isEqualTo(List.of(
                destination("wine", 90, "wine"), destination("wine-v2", 10, "wine-v2")));
        assertThat(http.get(0).get("headers")).isEqualTo(
                Map.of("response", Map.of("set", Map.of("request-id", "%REQ(x-request-id)%"))));
    }

    @Test
    void aSingleTargetWithoutWeightTakesEverything() {
        ModelRoute single = Fixtures.route("single", "/custom/one/", List.of(Fixtures.target("wine", null)), null, List.of());
        GenericKubernetesResource vs = Rendered.one(render(single, SETTINGS), "VirtualService", "single-route");
        assertThat(at(vs, "spec", "http", 0, "route", 0, "weight")).isEqualTo(100);
        assertThat(at(vs, "spec", "http", 0, "match", 0, "uri", "prefix")).isEqualTo("/custom/one/");
    }

    @Test
    void headerRulesComeFirstInOrderAndAlsoMatchThePrefix() {
        RouteRule beta = new RouteRule(Map.of("X-Group", new HeaderMatch("beta", null, null)),
                List.of(Fixtures.target("wine-v2", null)));
        RouteRule mobile = new RouteRule(Map.of("user-agent", new HeaderMatch(null, null, ".*Mobile.*")),
                List.of(Fixtures.target("wine", 50), Fixtures.target("wine-v2", 50)));
        ModelRoute ab = Fixtures.route("ab", "/custom/ab", List.of(Fixtures.target("wine", null)), null, List.of(beta, mobile));
        List<Map<String, Object>> http = listAt(Rendered.one(render(ab, SETTINGS), "VirtualService", "ab-route"), "spec", "http");

        assertThat(http).extracting(h -> h.get("name")).containsExactly("rule-1", "rule-2", "default");
        assertThat(http.get(0).get("match")).isEqualTo(List.of(Map.of(
                "uri", Map.of("prefix", "/custom/ab/"), "headers", Map.of("x-group", Map.of("exact", "beta")))));
        assertThat(http.get(1).get("match")).isEqualTo(List.of(Map.of(
                "uri", Map.of("prefix", "/custom/ab/"), "headers", Map.of("user-agent", Map.of("regex", ".*Mobile.*")))));
        assertThat(http.get(2).get("match")).isEqualTo(List.of(Map.of("uri", Map.of("prefix", "/custom/ab/"))));
        assertThat((List<?>) http.get(1).get("route")).hasSize(2);
    }

    @Test
    void mirroringCopiesToTheLocalGatewayAndAShadowRouteDeliversTheCopies() {
        ModelRoute shadow = Fixtures.route("shadow", "/custom/shadow",
                List.of(Fixtures.target("wine", 80), Fixtures.target("wine-v2", 20)), "wine-v2", List.of());
        List<GenericKubernetesResource> objects = render(shadow, Fixtures.loggingSettings());
        GenericKubernetesResource main = Rendered.one(objects, "VirtualService", "shadow-route");
        Map<String, Object> http = Rendered.mapAt(main, "spec", "http", 0);
        assertThat(http.get("mirror")).isEqualTo(Map.of("host", LOCAL_GATEWAY, "port", Map.of("number", 80)));
        assertThat(http.get("mirrorPercentage")).isEqualTo(Map.of("value", 100.0));
        assertThat(at(main, "spec", "http", 0, "headers", "request", "set")).isEqualTo(Map.of(
                "ce-id", "%REQ(x-request-id)%", "x-modeldeploy-route", "shadow"));

        GenericKubernetesResource mirror = Rendered.one(objects, "VirtualService", "shadow-mirror");
        assertThat(mirror.getMetadata().getLabels()).containsEntry(ManagedLabels.ROUTE_ID, "shadow");
        assertThat(at(mirror, "spec", "gateways")).isEqualTo(List.of("knative-serving/knative-local-gateway"));
        assertThat(at(mirror, "spec", "hosts")).isEqualTo(List.of(
                "wine.modeldeploy.svc.cluster.local-shadow", "wine-v2.modeldeploy.svc.cluster.local-shadow"));
        assertThat(at(mirror, "spec", "http", 0, "match")).isEqualTo(
                List.of(Map.of("headers", Map.of("x-modeldeploy-route", Map.of("exact", "shadow")))));
        assertThat(at(mirror, "spec", "http", 0, "rewrite")).isEqualTo(
                Map.of("authority", "wine-v2.modeldeploy.svc.cluster.local"));
        assertThat(at(mirror, "spec", "http", 0, "route")).isEqualTo(
                List.of(Map.of("destination", Map.of("host", LOCAL_GATEWAY, "port", Map.of("number", 80)))));
    }

    @Test
    void brokenRoutesBecomeFindingsAndTheRestStillRenders() {
        List<ModelRoute> routes = List.of(
                Fixtures.route("missing", "/custom/a", List.of(Fixtures.target("nope", null)), null, List.of()),
                Fixtures.route("sum", "/custom/b", List.of(Fixtures.target("wine", 60), Fixtures.target("wine-v2", 30)),
                        null, List.of()),
                Fixtures.route("noweight", "/custom/c", List.of(Fixtures.target("wine", 60), Fixtures.target("wine-v2", null)),
                        null, List.of()),
                Fixtures.route("reserved", "/model/wine", List.of(Fixtures.target("wine", null)), null, List.of()),
                Fixtures.route("badmirror", "/custom/d", List.of(Fixtures.target("wine", null)), "ghost", List.of()),
                Fixtures.route("ok", "/custom/e", List.of(Fixtures.target("wine", null)), null, List.of()));
        RenderResult result = Rendered.render(Fixtures.set(List.of(Fixtures.odahu("wine"), Fixtures.odahu("wine-v2")), routes),
                SETTINGS);
        assertThat(result.failures()).extracting(Finding::id, Finding::jsonPath).containsExactly(
                org.assertj.core.groups.Tuple.tuple("missing", "$.spec.modelDeployments[0].mdName"),
                org.assertj.core.groups.Tuple.tuple("sum", "$.spec.modelDeployments"),
                org.assertj.core.groups.Tuple.tuple("noweight", "$.spec.modelDeployments[1].weight"),
                org.assertj.core.groups.Tuple.tuple("reserved", "$.spec.urlPrefix"),
                org.assertj.core.groups.Tuple.tuple("badmirror", "$.spec.mirror"));
        assertThat(result.failures().get(0).toText())
                .isEqualTo("routes/missing.yaml:1:1: error: missing: $.spec.modelDeployments[0].mdName: model deployment "
                        + "\"nope\" is not deployed: no valid ModelDeployment with that id rendered");
        assertThat(result.rendered()).extracting(r -> r.owner().id()).containsExactly("wine", "wine-v2", "ok");
    }

    @Test
    void aRouteToADeploymentThatFailedToRenderFailsToo() {
        var broken = Fixtures.deployment("wine", dev.modeldeploy.manifest.Predictor.ODAHU_ML_SERVER, s -> s.replicas(3, 1));
        RenderResult result = Rendered.render(Fixtures.set(List.of(broken),
                List.of(Fixtures.route("r", "/custom/r", List.of(Fixtures.target("wine", null)), null, List.of()))), SETTINGS);
        assertThat(result.rendered()).isEmpty();
        assertThat(result.failures()).extracting(Finding::id).containsExactly("wine", "r");
    }
}
