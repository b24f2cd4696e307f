package dev.modeldeploy.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthenticatorTest {

    private final TestTokens idp = new TestTokens("key-1");
    private JwksServer jwks;
    private RequestAuthenticator auth;

    @BeforeEach
    void start() throws Exception {
        jwks = new JwksServer(idp.jwksJson());
        auth = RequestAuthenticator.from(AuthSettings.withJwksUrl(jwks.url(), TestTokens.ISSUER, TestTokens.AUDIENCE));
    }

    @AfterEach
    void stop() {
        jwks.close();
    }

    private AuthDecision read(String token) {
        return auth.check("Bearer " + token, Role.VIEWER);
    }

    @Test
    void viewerReadsButCannotSync() {
        String token = idp.viewer();
        AuthDecision read = read(token);
        assertThat(read.allowed()).isTrue();
        assertThat(read.subject()).isEqualTo("alice");

        AuthDecision sync = auth.check("Bearer " + token, Role.ADMIN);
        assertThat(sync.status()).isEqualTo(403);
        assertThat(sync.wwwAuthenticate()).contains("error=\"insufficient_scope\"");
        assertThat(sync.message()).contains("modeldeploy-admin");
    }

    @Test
    void adminMaySyncAndRead() {
        assertThat(auth.check("Bearer " + idp.admin(), Role.ADMIN).allowed()).isTrue();
        assertThat(auth.check("Bearer " + idp.admin(), Role.VIEWER).allowed()).isTrue();
    }

    @Test
    void tokenWithoutAnyRoleIsForbidden() {
        assertThat(read(idp.sign(idp.claims("someone-else").build())).status()).isEqualTo(403);
    }

    @Test
    void missingOrNonBearerHeaderIsUnauthorized() {
        AuthDecision none = auth.check((String) null, Role.VIEWER);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.wwwAuthenticate()).startsWith("Bearer ").contains("error=\"invalid_request\"");
        assertThat(auth.check("Basic dXNlcjpwYXNz", Role.VIEWER).status()).isEqualTo(401);
    }

    @Test
    void expiredTokenIsRejectedBeyondTheAllowedSkew() {
        Instant now = Instant.now();
        String expired = idp.sign(idp.claims("modeldeploy-viewer")
                .expirationTime(Date.from(now.minus(Duration.ofMinutes(5)))).build());
        AuthDecision decision = read(expired);
        assertThat(decision.status()).isEqualTo(401);
        assertThat(decision.message()).contains("expired");
        assertThat(decision.wwwAuthenticate()).contains("error=\"invalid_token\"");

        String justExpired = idp.sign(idp.claims("modeldeploy-viewer")
                .expirationTime(Date.from(now.minus(Duration.ofSeconds(20)))).build());
        assertThat(read(justExpired).allowed()).as("20 s past expiry is within the 60 s skew").isTrue();
    }

    @Test
    void tokenWithoutExpiryIsRejected() {
        String token = idp.sign(idp.claims("modeldeploy-viewer").expirationTime(null).build());
        assertThat(read(token).message()).contains("no expiry");
    }

    @Test
    void wrongIssuerAndAudienceAreRejected() {
        AuthDecision issuer = read(idp.sign(idp.claims("modeldeploy-viewer").issuer("https://evil.test").build()));
        assertThat(issuer.status()).isEqualTo(401);
        assertThat(issuer.message()).contains("issuer");

        AuthDecision audience = read(idp.sign(idp.claims("modeldeploy-viewer").audience("other-app").build()));
        assertThat(audience.status()).isEqualTo(401);
        assertThat(audience.message()).contains("audience");
    }

    @Test
    void forgedSignatureIsRejectedAndNeverEchoed() {
        TestTokens attacker = new TestTokens("attacker");
        String forged = attacker.signAs(idp.kid(), idp.claims("modeldeploy-admin").build());
        AuthDecision decision = auth.check("Bearer " + forged, Role.ADMIN);
        assertThat(decision.status()).isEqualTo(401);
        assertThat(decision.message()).contains("signature");
        assertThat(decision.jsonBody()).doesNotContain(forged).doesNotContain(forged.split("\\.")[2]);
        assertThat(decision.wwwAuthenticate()).doesNotContain(forged.split("\\.")[1]);
    }

    @Test
    void algNoneAndHs256AreRejected() {
        JWTClaimsSet claims = idp.claims("modeldeploy-admin").build();
        AuthDecision none = read(TestTokens.unsigned(claims));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.message()).contains("alg none");

        AuthDecision hmac = read(TestTokens.hs256(claims));
        assertThat(hmac.status()).isEqualTo(401);
        assertThat(hmac.message()).contains("HS256");
    }

    @Test
    void garbageIsRejectedWithoutEchoingIt() {
        AuthDecision decision = read("not-a-jwt-secret-value");
        assertThat(decision.status()).isEqualTo(401);
        assertThat(decision.jsonBody()).doesNotContain("secret-value");
    }

    @Test
    void keysAreCachedAndFetchedAgainForAnUnknownKid() {
        assertThat(read(idp.viewer()).allowed()).isTrue();
        assertThat(read(idp.viewer()).allowed()).isTrue();
        assertThat(jwks.fetches()).isEqualTo(1);

        TestTokens rotated = new TestTokens("key-2");
        jwks.serve(TestTokens.jwksJson(idp, rotated));
        assertThat(read(rotated.viewer()).allowed()).isTrue();
        assertThat(jwks.fetches()).isEqualTo(2);
    }

    @Test
    void keysFromAFileAreReadAgainWhenTheFileChanges(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, idp.jwksJson());
        RequestAuthenticator fromFile = RequestAuthenticator.from(
                AuthSettings.withJwksFile(file.toString(), TestTokens.ISSUER, TestTokens.AUDIENCE));
        assertThat(fromFile.check("Bearer " + idp.viewer(), Role.VIEWER).allowed()).isTrue();

        TestTokens rotated = new TestTokens("key-2");
        assertThat(fromFile.check("Bearer " + rotated.viewer(), Role.VIEWER).status()).isEqualTo(401);
        Files.writeString(file, TestTokens.jwksJson(idp, rotated));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(fromFile.check("Bearer " + rotated.viewer(), Role.VIEWER).allowed()).isTrue();
    }

    @Test
    void rolesComeFromAConfiguredClaimPath() {
        RequestAuthenticator custom = RequestAuthenticator.from(new AuthSettings(true, jwks.url(), null,
                TestTokens.ISSUER, TestTokens.AUDIENCE, "resource_access.modeldeploy.roles", "reader", "operator"));
        String token = idp.sign(idp.claims()
                .claim("resource_access", Map.of("modeldeploy", Map.of("roles", List.of("operator")))).build());
        assertThat(custom.check("Bearer " + token, Role.ADMIN).allowed()).isTrue();
        assertThat(custom.check("Bearer " + idp.admin(), Role.VIEWER).status())
                .as("the default claim path is not consulted").isEqualTo(403);
    }

    @Test
    void startupMessagesSayWhetherAuthIsOn() {
        assertThat(auth.startupMessage()).contains("ON").contains(jwks.url()).contains(TestTokens.ISSUER);
        RequestAuthenticator open = RequestAuthenticator.from(AuthSettings.disabled());
        assertThat(open.startupMessage()).contains("OFF");
        assertThat(open.check((String) null, Role.ADMIN).allowed()).isTrue();
    }
}
