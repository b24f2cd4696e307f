package dev.modeldeploy.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.api.ApiTestServer;
import dev.modeldeploy.api.Fixtures;
import dev.modeldeploy.auth.AuthSettings;
import dev.modeldeploy.auth.JwksServer;
import dev.modeldeploy.auth.RequestAuthenticator;
import dev.modeldeploy.auth.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI takes its token from, and what it says when the daemon turns it away. */
class ClientAuthTest {

    @TempDir
    Path home;
    private final TestTokens idp = new TestTokens("key-1");
    private JwksServer jwks;
    private ApiTestServer server;
    private CliHarness cli;

    @BeforeEach
    void start() throws Exception {
        jwks = new JwksServer(idp.jwksJson());
        server = new ApiTestServer(Fixtures.state("http://models.example.com/model/wine"), RequestAuthenticator.from(
                AuthSettings.withJwksUrl(jwks.url(), TestTokens.ISSUER, TestTokens.AUDIENCE)));
        cli = new CliHarness(home);
    }

    @AfterEach
    void stop() {
        server.close();
        jwks.close();
    }

    @Test
    void withoutATokenItSaysHowToGiveOne() {
        CliHarness.Result result = cli.deployment("get", "--url", server.url());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("requires a token").contains("--token-file")
                .contains("MODELDEPLOY_TOKEN").contains(cli.configFile().toString());
    }

    @Test
    void expiredTokenIsRejectedWithoutBeingPrinted() {
        String expired = idp.sign(idp.claims("modeldeploy-viewer")
                .expirationTime(Date.from(Instant.now().minusSeconds(3600))).build());
        cli.env(ClientEnvironment.TOKEN_VARIABLE, expired);
        CliHarness.Result result = cli.deployment("get", "--url", server.url());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("rejected the token").contains("expired").contains("fresh");
        assertThat(result.err()).doesNotContain(expired);
    }

    @Test
    void tokenFromTheEnvironment() {
        cli.env(ClientEnvironment.TOKEN_VARIABLE, idp.viewer());
        assertThat(cli.deployment("get", "--url", server.url()).exitCode()).isZero();
    }

    @Test
    void tokenFromAFile() throws Exception {
        Path file = home.resolve("token");
        Files.writeString(file, idp.viewer() + "\n");
        CliHarness.Result result = cli.route("get", "--url", server.url(), "--token-file", file.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
    }

    @Test
    void tokenAndUrlFromTheConfigFile() throws Exception {
        Files.writeString(cli.configFile(), "url: " + server.url() + "\ntoken: " + idp.viewer() + "\n");
        assertThat(cli.deployment("get", "--id", "wine").exitCode()).isZero();
    }

    @Test
    void tokenOnTheCommandLineWorksButWarns() {
        String token = idp.viewer();
        CliHarness.Result result = cli.deployment("get", "--url", server.url(), "--token", token);
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).contains("warning").contains("shell history").doesNotContain(token);
    }

    @Test
    void tokenWithoutTheRoleIsForbidden() {
        cli.env(ClientEnvironment.TOKEN_VARIABLE, idp.sign(idp.claims("other").build()));
        CliHarness.Result result = cli.deployment("get", "--url", server.url());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("refused").contains("modeldeploy-viewer").contains("role");
    }
}
