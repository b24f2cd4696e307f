package dev.modeldeploy.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.auth.AuthSettings;
import dev.modeldeploy.auth.RequestAuthenticator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiRoutesTest {

    private static final String MODEL_URL = "http://models.example.com/model/wine";
    private final HttpClient http = HttpClient.newHttpClient();
    private ApiTestServer server;

    @BeforeEach
    void start() {
        server = new ApiTestServer(Fixtures.state(MODEL_URL), RequestAuthenticator.from(AuthSettings.disabled()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return ApiJson.MAPPER.readTree(response.body());
    }

    @Test
    void listsDeploymentsAsOdahuEnvelopesSortedById() throws Exception {
        JsonNode list = json("/api/v1/model/deployment");
        assertThat(list).hasSize(4);
        assertThat(list.findValuesAsText("id")).containsExactly("broken", "iris", "wine", "wine-b");

        JsonNode wine = list.get(2);
        assertThat(wine.at("/spec/predictor").asText()).isEqualTo("odahu-ml-server");
        assertThat(wine.at("/spec/image").asText()).isEqualTo("registry.example.com/wine:1.0");
        assertThat(wine.at("/spec/resources/limits/memory").asText()).isEqualTo("1Gi");
        assertThat(wine.at("/spec/model/version").asText()).isEqualTo("1");
        assertThat(wine.at("/spec/roleName").asText()).isEqualTo("ml-team");
        assertThat(wine.at("/status/state").asText()).isEqualTo("Ready");
        assertThat(wine.at("/status/url").asText()).isEqualTo(MODEL_URL);
        assertThat(wine.at("/status/replicas").asInt()).isEqualTo(1);
        assertThat(wine.at("/status/availableReplicas").asInt()).isEqualTo(1);
        assertThat(wine.at("/status/latestReadyRevision").asText()).isEqualTo("wine-00001");
        assertThat(wine.at("/status/commitApplied").asText()).isEqualTo(Fixtures.COMMIT);
        assertThat(wine.at("/status/commitSeen").asText()).isEqualTo(Fixtures.COMMIT);
        assertThat(wine.at("/status/lastUpdated").asText()).isEqualTo("2026-11-24T20:00:00Z");
        assertThat(wine.at("/source/file").asText()).isEqualTo("deployments/wine.yaml");
        assertThat(wine.at("/source/commit").asText()).isEqualTo(Fixtures.COMMIT);
    }

    @Test
    void manifestThatFailedValidationShowsAsFailedWithItsFindings() throws Exception {
        JsonNode broken = json("/api/v1/model/deployment/broken");
        assertThat(broken.get("spec").isNull()).isTrue();
        assertThat(broken.at("/status/state").asText()).isEqualTo("Failed");
        assertThat(broken.at("/status/message").asText())
                .isEqualTo("deployments/broken.yaml:7:16: error: broken: $.spec.minReplicas: must be at least 0");
        assertThat(broken.at("/source/file").asText()).isEqualTo("deployments/broken.yaml");

        JsonNode findings = json("/api/v1/findings");
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).get("line").asInt()).isEqualTo(7);
    }

    @Test
    void filtersByRoleName() throws Exception {
        assertThat(json("/api/v1/model/deployment?roleName=cv-team").findValuesAsText("id")).containsExactly("iris");
        assertThat(json("/api/v1/model/deployment?roleName=ml-team").findValuesAsText("id")).containsExactly("wine", "wine-b");
        assertThat(json("/api/v1/model/deployment?roleName=nobody")).isEmpty();
    }

    @Test
    void unknownIdIs404WithOdahuMessage() throws Exception {
        for (String path : new String[] {"/api/v1/model/deployment/nope", "/api/v1/model/route/nope",
                "/api/v1/model/deployment/nope/changes"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(ApiJson.MAPPER.readTree(response.body()).get("message").asText())
                    .isEqualTo("entity \"nope\" is not found");
        }
    }

    @Test
    void showsTheLastChangeSetOfOneDeployment() throws Exception {
        JsonNode changes = json("/api/v1/model/deployment/wine/changes");
        assertThat(changes.get("commit").asText()).isEqualTo(Fixtures.COMMIT);
        assertThat(changes.get("entries")).hasSize(2);
        assertThat(changes.at("/entries/0/kind").asText()).isEqualTo("Service");
        assertThat(changes.at("/entries/0/action").asText()).isEqualTo("CREATED");
    }

    @Test
    void listsRoutes() throws Exception {
        JsonNode routes = json("/api/v1/model/route");
        assertThat(routes).hasSize(1);
        JsonNode route = json("/api/v1/model/route/wine-route");
        assertThat(route.at("/spec/urlPrefix").asText()).isEqualTo("/custom/wine-ab");
        assertThat(route.at("/spec/modelDeployments/1/mdName").asText()).isEqualTo("wine-b");
        assertThat(route.at("/spec/modelDeployments/1/weight").asInt()).isEqualTo(20);
        assertThat(json("/api/v1/model/route/wine-route/changes").at("/entries/0/reason").asText())
                .contains("spec.http[0].route");
    }

    @Test
    void tellsWhereManifestsComeFrom() throws Exception {
        JsonNode source = json("/api/v1/source");
        assertThat(source.get("repo").asText()).isEqualTo("https://git.example.com/ml/models.git");
        assertThat(source.get("branch").asText()).isEqualTo("main");
        assertThat(source.get("path").asText()).isEqualTo("deployments");
        assertThat(source.get("commitApplied").asText()).isEqualTo(Fixtures.COMMIT);
        assertThat(source.get("updated").asText()).isEqualTo("2026-11-24T20:00:00Z");
    }

    @Test
    void syncIsAccepted() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/sync"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(server.syncs()).isEqualTo(1);
    }

    @Test
    void servesItsOwnOpenApiDocument() throws Exception {
        JsonNode doc = json("/openapi.json");
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("paths").has("/api/v1/model/deployment/{id}")).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1sync/post/responses").has("202")).isTrue();
    }

    @Test
    void catalogListsModelsAndPointsTheirDocumentsAtTheModel() throws Exception {
        JsonNode catalog = json("/api/v1/catalog");
        assertThat(catalog).hasSize(1);
        assertThat(catalog.at("/0/id").asText()).isEqualTo("wine");
        assertThat(catalog.at("/0/openapi").asText()).isEqualTo("/api/v1/catalog/wine/openapi.json");

        JsonNode doc = json("/api/v1/catalog/wine/openapi.json");
        assertThat(doc.at("/servers/0/url").asText()).isEqualTo(MODEL_URL);
        assertThat(doc.at("/servers")).hasSize(1);
        assertThat(doc.at("/paths").has("/api/model/invoke"))
                .as("paths are relative to the model's URL, without the ingress prefix /model/wine").isTrue();
        assertThat(doc.at("/paths").has("/model/wine/api/model/invoke")).isFalse();
        assertThat(get("/api/v1/catalog/iris/openapi.json").statusCode()).isEqualTo(404);
    }

    @Test
    void servesPagesAndSwaggerUiFromTheWebjar() throws Exception {
        HttpResponse<String> status = get("/");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("Model deployments");
        HttpResponse<String> catalog = get("/swagger/index.html");
        assertThat(catalog.body()).contains("modeldeploy service catalog");
        HttpResponse<String> bundle = get("/swagger/swagger-ui-bundle.js");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));
        assertThat(get("/swagger/swagger-initializer.js").body()).contains("/api/v1/catalog").doesNotContain("petstore");
        assertThat(get("/ui/status.js").statusCode()).isEqualTo(200);
        assertThat(get("/swagger/nope.js").statusCode()).isEqualTo(404);
        assertThat(get("/ui/..%2Findex.html").statusCode()).isEqualTo(404);
        assertThat(get("/swagger").statusCode()).isIn(200, 302);
    }
}
