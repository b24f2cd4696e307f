package dev.modeldeploy.render;

import static dev.modeldeploy.render.Rendered.at;
import static dev.modeldeploy.render.Rendered.listAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.manifest.Predictor;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The objects around a deployment's Knative Service: its route, access control, monitoring and OpenAPI document. */
class DeploymentObjectsTest {

    private static List<GenericKubernetesResource> render(dev.modeldeploy.manifest.ModelDeployment d, ClusterSettings s) {
        return Rendered.renderValid(Fixtures.set(List.of(d), List.of()), s);
    }

    private static dev.modeldeploy.manifest.ModelDeployment wine() {
        return Fixtures.deployment("wine", Predictor.ODAHU_ML_SERVER, s -> {
            s.model = new dev.modeldeploy.manifest.ModelInfo("wine", "1.0");
            s.roleName = "wine-users";
            s.examples = List.of(Fixtures.example("one-wine", "{\"columns\": [\"a\"], \"data\": [[1]]}",
                    "{\"prediction\": [6.0], \"columns\": [\"quality\"]}"));
            return s;
        });
    }

    @Test
    void defaultRouteServesModelIdPathOnTheIngressGateway() {
        GenericKubernetesResource vs = Rendered.one(render(wine(), Fixtures.loggingSettings()), "VirtualService", "wine-model");
        assertThat(at(vs, "spec", "gateways")).isEqualTo(List.of("knative-serving/knative-ingress-gateway"));
        Map<String, Object> http = Rendered.mapAt(vs, "spec", "http", 0);
        assertThat(http.get("match")).isEqualTo(List.of(Map.of("uri", Map.of("prefix", "/model/wine/"))));
        assertThat(http.get("rewrite")).isEqualTo(Map.of("uri", "/", "authority", "wine.modeldeploy.svc.cluster.local"));
        assertThat(http.get("route")).isEqualTo(List.of(Map.of("destination",
                Map.of("host", "wine.modeldeploy.svc.cluster.local", "port", Map.of("number", 80)))));
        assertThat(http.get("headers")).isEqualTo(Map.of(
                "request", Map.of("set", Map.of("ce-id", "%REQ(x-request-id)%")),
                "response", Map.of("set", Map.of("model-name", "wine", "model-version", "1.0",
                        "request-id", "%REQ(x-request-id)%"))));
    }

    @Test
    void withoutRequestLoggingNoCloudEventIdIsSet() {
        GenericKubernetesResource vs = Rendered.one(render(wine(), Fixtures.jwtSettings()), "VirtualService", "wine-model");
        assertThat(Rendered.mapAt(vs, "spec", "http", 0, "headers")).doesNotContainKey("request");
    }

    @Test
    void accessControlAllowsTheRoleTheAdminHealthMetricsAndKnativeProbes() {
        List<GenericKubernetesResource> objects = render(wine(), Fixtures.jwtSettings());
        GenericKubernetesResource authn = Rendered.one(objects, "RequestAuthentication", "wine");
        assertThat(at(authn, "spec")).isEqualTo(Map.of(
                "selector", Map.of("matchLabels", Map.of("serving.knative.dev/service", "wine")),
                "jwtRules", List.of(Map.of("issuer", "https://issuer.example.com/realms/ml",
                        "jwksUri", "https://issuer.example.com/realms/ml/certs"))));
        GenericKubernetesResource authz = Rendered.one(objects, "AuthorizationPolicy", "wine");
        assertThat(at(authz, "spec", "action")).isEqualTo("ALLOW");
        assertThat(listAt(authz, "spec", "rules")).containsExactly(
                Map.of("from", List.of(Map.of("source", Map.of("requestPrincipals", List.of("*")))),
                        "when", List.of(Map.of("key", "request.auth.claims[realm_access][roles]",
                                "values", List.of("wine-users", "modeldeploy-admin")))),
                Map.of("to", List.of(Map.of("operation", Map.of("paths",
                        List.of("/healthcheck", "/v2/health/*", "/metrics"))))),
                Map.of("from", List.of(Map.of("source", Map.of("namespaces", List.of("knative-serving")))),
                        "when", List.of(Map.of("key", "request.headers[k-network-probe]", "values", List.of("*")))));
    }

    @Test
    void jwtWithoutIssuerDeniesModelCallsAndJwtOffRendersNoAccessControl() {
        List<GenericKubernetesResource> noIssuer = render(wine(), ClusterSettings.defaults());
        assertThat(Rendered.names(noIssuer)).doesNotContain("RequestAuthentication/wine").contains("AuthorizationPolicy/wine");
        assertThat(listAt(Rendered.one(noIssuer, "AuthorizationPolicy", "wine"), "spec", "rules")).hasSize(2);

        ClusterSettings off = ClusterSettings.defaults().withJwt(new ClusterSettings.Jwt(false, null, null,
                "realm_access.roles", "modeldeploy-admin"));
        assertThat(Rendered.names(render(wine(), off))).noneMatch(n -> n.startsWith("AuthorizationPolicy")
                || n.startsWith("RequestAuthentication"));
    }

    @Test
    void rolesClaimPathBecomesIstioClaimKey() {
        ClusterSettings settings = Fixtures.jwtSettings().withJwt(new ClusterSettings.Jwt(true, "https://i", "https://i/jwks",
                "roles", "admin"));
        GenericKubernetesResource authz = Rendered.one(render(wine(), settings), "AuthorizationPolicy", "wine");
        assertThat(at(authz, "spec", "rules", 0, "when", 0, "key")).isEqualTo("request.auth.claims[roles]");
    }

    @Test
    @SuppressWarnings("unchecked")
    void podMonitorScrapesQueueProxyAndTritonMetricsByRelabelling() {
        GenericKubernetesResource odahu = Rendered.one(render(wine(), Fixtures.jwtSettings()), "PodMonitor", "wine");
        assertThat(at(odahu, "spec")).isEqualTo(Map.of(
                "selector", Map.of("matchLabels", Map.of("serving.knative.dev/service", "wine")),
                "podMetricsEndpoints", List.of(Map.of("port", "http-usermetric", "path", "/metrics"))));

        GenericKubernetesResource triton = Rendered.one(render(Fixtures.triton("densenet"), Fixtures.jwtSettings()),
                "PodMonitor", "densenet");
        List<Map<String, Object>> endpoints = listAt(triton, "spec", "podMetricsEndpoints");
        assertThat(endpoints).hasSize(2);
        assertThat((List<Object>) endpoints.get(1).get("relabelings")).contains((Object) Map.of("action", "replace",
                "sourceLabels", List.of("__meta_kubernetes_pod_ip"), "regex", "([0-9.]+)",
                "targetLabel", "__address__", "replacement", "$1:8002"));
    }

    @Test
    void openApiDocumentForTheOdahuServer() throws Exception {
        GenericKubernetesResource configMap = Rendered.one(render(wine(), Fixtures.jwtSettings()), "ConfigMap", "wine-openapi");
        assertThat(configMap.getMetadata().getLabels()).containsEntry("modeldeploy.dev/openapi", "true");
        JsonNode doc = Fixtures.JSON.readTree((String) at(configMap, "data", "openapi.json"));
        assertThat(doc.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(doc.path("info").path("title").asText()).isEqualTo("wine");
        assertThat(doc.path("info").path("version").asText()).isEqualTo("1.0");
        JsonNode invoke = doc.path("paths").path("/model/wine/api/model/invoke").path("post");
        assertThat(invoke.at("/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/PredictionRequest");
        assertThat(invoke.at("/requestBody/content/application~1json/examples/one-wine/value/data/0/0").asInt()).isEqualTo(1);
        assertThat(invoke.at("/responses/200/content/application~1json/examples/one-wine/value/prediction/0").asDouble())
                .isEqualTo(6.0);
        assertThat(invoke.at("/responses/200/headers/request-id/schema/type").asText()).isEqualTo("string");
        assertThat(invoke.at("/responses/401/description").asText()).isNotEmpty();
        assertThat(doc.path("paths").has("/model/wine/api/model/info")).isTrue();
        assertThat(doc.at("/components/schemas/PredictionResponse/properties/prediction/type").asText()).isEqualTo("array");
        assertThat(doc.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/security/0/bearerAuth").isArray()).isTrue();
        assertRefsResolve(doc, doc);
    }

    @Test
    void openApiDocumentForTritonUsesTheKserveV2Protocol() throws Exception {
        var densenet = Fixtures.deployment("densenet", Predictor.TRITON, s -> {
            s.model = new dev.modeldeploy.manifest.ModelInfo("densenet_onnx", "1");
            s.examples = List.of(Fixtures.example(null,
                    "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [0.5]}]}", null));
            return s;
        });
        ClusterSettings noJwt = ClusterSettings.defaults().withJwt(new ClusterSettings.Jwt(false, null, null,
                "realm_access.roles", "admin"));
        GenericKubernetesResource configMap = Rendered.one(render(densenet, noJwt), "ConfigMap", "densenet-openapi");
        JsonNode doc = Fixtures.JSON.readTree((String) at(configMap, "data", "openapi.json"));
        JsonNode paths = doc.path("paths");
        assertThat(paths.fieldNames()).toIterable().containsExactly(
                "/model/densenet/v2/models/densenet_onnx/infer",
                "/model/densenet/v2/models/densenet_onnx",
                "/model/densenet/v2/health/ready");
        JsonNode infer = paths.path("/model/densenet/v2/models/densenet_onnx/infer").path("post");
        assertThat(infer.at("/requestBody/content/application~1json/examples/example-1/value/inputs/0/name").asText())
                .isEqualTo("x");
        assertThat(infer.at("/responses/200/content/application~1json").has("examples")).isFalse();
        assertThat(doc.has("security")).isFalse();
        assertThat(doc.at("/components/schemas/RequestInput/required").toString())
                .isEqualTo("[\"name\",\"shape\",\"datatype\",\"data\"]");
        assertRefsResolve(doc, doc);
    }

    private static void assertRefsResolve(JsonNode root, JsonNode node) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                assertThat(root.at(ref.asText().substring(1)).isMissingNode()).as(ref.asText()).isFalse();
            }
            node.elements().forEachRemaining(child -> assertRefsResolve(root, child));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> assertRefsResolve(root, child));
        }
    }
}
