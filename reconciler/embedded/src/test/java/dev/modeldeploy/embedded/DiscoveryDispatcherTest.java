package dev.modeldeploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What kubectl asks the embedded API server before and besides reading objects, over plain HTTP. */
class DiscoveryDispatcherTest {
    private static final String NAMESPACE = "models";
    private static final String AGGREGATED_FIRST = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,"
            + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final EmbeddedCluster cluster = EmbeddedCluster.start(0, NAMESPACE);

    @AfterEach
    void close() {
        cluster.close();
    }

    private HttpResponse<byte[]> send(String method, String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode get(String path, String accept) throws Exception {
        HttpResponse<byte[]> response = send("GET", path, accept);
        assertThat(response.statusCode()).as("GET %s: %s", path, new String(response.body())).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private void knativeService(String name, Map<String, Object> status) {
        GenericKubernetesResource service = new GenericKubernetesResource();
        service.setApiVersion("serving.knative.dev/v1");
        service.setKind("Service");
        service.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        service.setAdditionalProperty("spec", Map.of("template", Map.of("spec",
                Map.of("containers", List.of(Map.of("image", "registry.example.com/m:1"))))));
        service.setAdditionalProperty("status", status);
        cluster.client().genericKubernetesResources(KnativeSimulator.SERVICES).inNamespace(NAMESPACE)
                .resource(service).create();
    }

    @Test
    void legacyDiscoveryAnswersEvenWhenAggregatedIsAskedFirst() throws Exception {
        HttpResponse<byte[]> apis = send("GET", "/apis", AGGREGATED_FIRST);
        // plain JSON, so the client reads it as an APIGroupList (the unaggregated format)
        assertThat(apis.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode groups = JSON.readTree(apis.body());
        assertThat(groups.path("kind").asText()).isEqualTo("APIGroupList");
        List<String> names = new ArrayList<>();
        groups.path("groups").forEach(g -> names.add(g.path("name").asText()));
        assertThat(names).contains("serving.knative.dev", "networking.istio.io", "security.istio.io",
                "monitoring.coreos.com", "coordination.k8s.io", "apps").doesNotContain("");
        JsonNode istio = find(groups.path("groups"), "name", "networking.istio.io");
        assertThat(istio.path("preferredVersion").path("groupVersion").asText()).isEqualTo("networking.istio.io/v1");
        assertThat(istio.path("versions").findValuesAsText("version")).containsExactly("v1", "v1alpha3", "v1beta1");

        assertThat(get("/api", AGGREGATED_FIRST).path("versions").get(0).asText()).isEqualTo("v1");
        assertThat(get("/apis/serving.knative.dev", null).path("preferredVersion").path("version").asText()).isEqualTo("v1");
    }

    @Test
    void eachGroupVersionListsItsResourcesWithShortNamesAndStatusSubresources() throws Exception {
        JsonNode knative = get("/apis/serving.knative.dev/v1", null);
        assertThat(knative.path("groupVersion").asText()).isEqualTo("serving.knative.dev/v1");
        JsonNode services = find(knative.path("resources"), "name", "services");
        assertThat(services.path("kind").asText()).isEqualTo("Service");
        assertThat(services.path("namespaced").asBoolean()).isTrue();
        assertThat(services.path("shortNames").toString()).isEqualTo("[\"kservice\",\"ksvc\"]");
        assertThat(services.path("categories").toString()).contains("\"all\"", "\"knative\"");
        assertThat(services.path("verbs").toString()).contains("\"patch\"", "\"watch\"", "\"list\"");
        assertThat(find(knative.path("resources"), "name", "services/status").path("verbs").toString())
                .isEqualTo("[\"get\",\"patch\",\"update\"]");
        assertThat(knative.path("resources").findValuesAsText("name")).contains("revisions", "routes", "configurations");

        JsonNode core = get("/api/v1", null);
        assertThat(find(core.path("resources"), "name", "configmaps").path("shortNames").toString()).isEqualTo("[\"cm\"]");
        assertThat(find(core.path("resources"), "name", "namespaces").path("namespaced").asBoolean()).isFalse();
        assertThat(find(get("/apis/security.istio.io/v1", null).path("resources"), "name", "authorizationpolicies")
                .path("kind").asText()).isEqualTo("AuthorizationPolicy");

        assertThat(send("GET", "/apis/example.com/v1", null).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> missing = send("GET", "/apis/serving.knative.dev/v1/namespaces/models/services/nope", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        JsonNode status = JSON.readTree(missing.body());
        assertThat(status.path("reason").asText()).isEqualTo("NotFound");
        assertThat(status.path("message").asText()).isEqualTo("services.serving.knative.dev \"nope\" not found");
        assertThat(send("GET", "/apis/serving.knative.dev/v2", null).statusCode()).isEqualTo(404);
    }

    @Test
    void openApiV2IsAnEmptyDocumentAndV3IsNotServed() throws Exception {
        HttpResponse<byte[]> protobuf = send("GET", "/openapi/v2", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
        assertThat(protobuf.statusCode()).isEqualTo(200);
        assertThat(protobuf.body()).containsExactly(0x0A, 0x03, '2', '.', '0');
        assertThat(get("/openapi/v2", "application/json").path("swagger").asText()).isEqualTo("2.0");
        assertThat(send("GET", "/openapi/v3", "application/json").statusCode()).isEqualTo(404);
    }

    @Test
    void aTableShowsTheCrdsPrinterColumns() throws Exception {
        knativeService("wine", Map.of("url", "http://wine.models.example.com", "latestReadyRevisionName", "wine-00001",
                "conditions", List.of(Map.of("type", "Ready", "status", "True"))));
        knativeService("beer", Map.of("conditions",
                List.of(Map.of("type", "Ready", "status", "Unknown", "reason", "Deploying"))));

        JsonNode table = get("/apis/serving.knative.dev/v1/namespaces/models/services?limit=500", TABLE);
        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(table.path("columnDefinitions").findValuesAsText("name"))
                .containsExactly("Name", "URL", "LatestCreated", "LatestReady", "Ready", "Reason");
        JsonNode wine = rowNamed(table, "wine");
        assertThat(wine.path("cells").toString())
                .isEqualTo("[\"wine\",\"http://wine.models.example.com\",null,\"wine-00001\",\"True\",null]");
        assertThat(wine.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(wine.path("object").path("metadata").path("namespace").asText()).isEqualTo("models");
        assertThat(rowNamed(table, "beer").path("cells").toString())
                .isEqualTo("[\"beer\",null,null,null,\"Unknown\",\"Deploying\"]");

        JsonNode one = get("/apis/serving.knative.dev/v1/namespaces/models/services/wine?includeObject=None", TABLE);
        assertThat(one.path("rows")).hasSize(1);
        assertThat(one.path("rows").get(0).has("object")).isFalse();

        JsonNode configMaps = get("/api/v1/namespaces/models/configmaps", TABLE);
        assertThat(configMaps.path("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "Age");
        // without a Table in Accept, the stored objects come back as they are
        assertThat(get("/apis/serving.knative.dev/v1/namespaces/models/services", "application/json")
                .path("items")).hasSize(2);
    }

    @Test
    void corePathsDoNotReachKnativeServicesOfTheSamePlural() throws Exception {
        knativeService("wine", Map.of());
        cluster.client().services().inNamespace(NAMESPACE).resource(new ServiceBuilder().withNewMetadata()
                .withName("gateway").endMetadata().withNewSpec().withType("ClusterIP").endSpec().build()).create();

        JsonNode core = get("/api/v1/namespaces/models/services", "application/json");
        assertThat(core.path("items").findValuesAsText("name")).containsExactly("gateway");
        HttpResponse<byte[]> coreWine = send("GET", "/api/v1/namespaces/models/services/wine", null);
        assertThat(coreWine.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(coreWine.body()).path("message").asText()).isEqualTo("services \"wine\" not found");
        assertThat(send("DELETE", "/api/v1/namespaces/models/services/wine", null).statusCode()).isEqualTo(404);
        assertThat(cluster.client().genericKubernetesResources(KnativeSimulator.SERVICES).inNamespace(NAMESPACE)
                .withName("wine").get()).as("the Knative Service survives a core delete").isNotNull();
        assertThat(get("/api/v1/namespaces/models/services/gateway", null).path("spec").path("type").asText())
                .isEqualTo("ClusterIP");
        assertThat(get("/apis/serving.knative.dev/v1/namespaces/models/services", null).path("items")
                .findValuesAsText("name")).containsExactly("wine");
    }

    private static JsonNode rowNamed(JsonNode table, String name) {
        for (JsonNode row : table.path("rows")) {
            if (row.path("cells").get(0).asText().equals(name)) {
                return row;
            }
        }
        throw new AssertionError("no row " + name + " in " + table);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (element.path(field).asText().equals(value)) {
                return element;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }
}
