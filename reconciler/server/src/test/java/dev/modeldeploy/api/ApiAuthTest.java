package dev.modeldeploy.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.auth.AuthSettings;
import dev.modeldeploy.auth.JwksServer;
import dev.modeldeploy.auth.RequestAuthenticator;
import dev.modeldeploy.auth.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API over HTTP with JWTs required: who gets 401, who gets 403, and what the answers say. */
class ApiAuthTest {

    private final TestTokens idp = new TestTokens("key-1");
    private final HttpClient http = HttpClient.newHttpClient();
    private JwksServer jwks;
    private ApiTestServer server;

    @BeforeEach
    void start() throws Exception {
        jwks = new JwksServer(idp.jwksJson());
        server = new ApiTestServer(Fixtures.state("http://models.example.com/model/wine"), RequestAuthenticator.from(
                AuthSettings.withJwksUrl(jwks.url(), TestTokens.ISSUER, TestTokens.AUDIENCE)));
    }

    @AfterEach
    void stop() {
        server.close();
        jwks.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> sync(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/sync"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertUnauthorized(HttpResponse<String> response, String token, String reason) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer ").contains("error="));
        assertThat(response.body()).contains("\"message\"").contains(reason);
        if (token != null) {
            assertThat(response.body()).doesNotContain(token).doesNotContain(token.split("\\.")[1]);
        }
    }

    @Test
    void noTokenIsUnauthorized() throws Exception {
        assertUnauthorized(get("/api/v1/model/deployment", null), null, "no bearer token");
        assertUnauthorized(get("/api/v1/catalog", null), null, "no bearer token");
    }

    @Test
    void badTokensAreUnauthorized() throws Exception {
        String expired = idp.sign(idp.claims("modeldeploy-viewer")
                .expirationTime(Date.from(Instant.now().minusSeconds(600))).build());
        assertUnauthorized(get("/api/v1/model/deployment", expired), expired, "expired");

        String wrongIssuer = idp.sign(idp.claims("modeldeploy-viewer").issuer("https://other.test").build());
        assertUnauthorized(get("/api/v1/model/deployment", wrongIssuer), wrongIssuer, "issuer");

        String wrongAudience = idp.sign(idp.claims("modeldeploy-viewer").audience("someone-else").build());
        assertUnauthorized(get("/api/v1/model/deployment", wrongAudience), wrongAudience, "audience");

        String forged = new TestTokens("other").signAs(idp.kid(), idp.claims("modeldeploy-admin").build());
        assertUnauthorized(get("/api/v1/model/deployment", forged), forged, "signature");

        String hmac = TestTokens.hs256(idp.claims("modeldeploy-admin").build());
        assertUnauthorized(get("/api/v1/model/deployment", hmac), hmac, "HS256");
    }

    @Test
    void viewerReadsButCannotSync() throws Exception {
        String viewer = idp.viewer();
        assertThat(get("/api/v1/model/deployment", viewer).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/catalog/wine/openapi.json", viewer).statusCode()).isEqualTo(200);

        HttpResponse<String> denied = sync(viewer);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("insufficient_scope"));
        assertThat(denied.body()).contains("modeldeploy-admin");
        assertThat(server.syncs()).isZero();
    }

    @Test
    void tokenWithoutTheViewerRoleIsForbidden() throws Exception {
        assertThat(get("/api/v1/source", idp.sign(idp.claims("unrelated").build())).statusCode()).isEqualTo(403);
    }

    @Test
    void adminSyncs() throws Exception {
        assertThat(sync(idp.admin()).statusCode()).isEqualTo(202);
        assertThat(server.syncs()).isEqualTo(1);
        assertThat(get("/api/v1/model/route", idp.admin()).statusCode()).isEqualTo(200);
    }

    @Test
    void pagesAndTheApiDocumentStayOpenSinceTheyHoldNoState() throws Exception {
        assertThat(get("/", null).statusCode()).isEqualTo(200);
        assertThat(get("/swagger/index.html", null).statusCode()).isEqualTo(200);
        assertThat(get("/openapi.json", null).statusCode()).isEqualTo(200);
    }
}
