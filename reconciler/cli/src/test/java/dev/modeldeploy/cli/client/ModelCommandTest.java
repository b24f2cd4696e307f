package dev.modeldeploy.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.modeldeploy.api.ApiTestServer;
import dev.modeldeploy.api.Fixtures;
import dev.modeldeploy.auth.AuthSettings;
import dev.modeldeploy.auth.RequestAuthenticator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model info / invoke against a loopback server speaking the odahu-ml-server protocol. */
class ModelCommandTest {

    @TempDir
    Path home;
    private HttpServer model;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private ApiTestServer daemon;
    private CliHarness cli;

    @BeforeEach
    void start() throws IOException {
        model = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        model.createContext("/model/wine/api/model/invoke", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " " + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            exchange.getResponseHeaders().add("request-id", "6fa1f636-fb80-9979-b8c6-d78f5e90f0c1");
            answer(exchange, 200, "{\"prediction\": [6.0], \"columns\": [\"quality\"]}");
        });
        model.createContext("/model/wine/api/model/info", exchange -> answer(exchange, 200,
                "{\"name\": \"wine\", \"version\": \"1\", \"swagger2\": {}}"));
        model.start();
        String modelUrl = "http://127.0.0.1:" + model.getAddress().getPort() + "/model/wine";
        daemon = new ApiTestServer(Fixtures.state(modelUrl), RequestAuthenticator.from(AuthSettings.disabled()));
        cli = new CliHarness(home);
    }

    @AfterEach
    void stop() {
        daemon.close();
        model.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void invokeWithAFilePrintsThePredictionAndTheRequestId() throws Exception {
        Path request = home.resolve("request.json");
        Files.writeString(request, "{\"columns\": [\"alcohol\"], \"data\": [[12.8]]}");
        cli.env(ClientEnvironment.TOKEN_VARIABLE, "the-token");
        CliHarness.Result result = cli.model("invoke", "--url", daemon.url(), "--md", "wine", "--file", request.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("\"prediction\"").contains("6.0").contains("quality");
        assertThat(result.err().strip()).isEqualTo("Request-ID: 6fa1f636-fb80-9979-b8c6-d78f5e90f0c1");
        assertThat(seen).containsExactly(
                "POST application/json Bearer the-token {\"columns\": [\"alcohol\"], \"data\": [[12.8]]}");
    }

    @Test
    void invokeWithInlineJson() {
        CliHarness.Result result = cli.model("invoke", "--url", daemon.url(), "--md", "wine", "--json", "{\"data\": [[1]]}");
        assertThat(result.exitCode()).isZero();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).endsWith("{\"data\": [[1]]}");
    }

    @Test
    void info() {
        CliHarness.Result result = cli.model("info", "--url", daemon.url(), "--md", "wine");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"name\" : \"wine\"");
    }

    @Test
    void aDeploymentWithoutUrlCannotBeCalledYet() {
        CliHarness.Result result = cli.model("info", "--url", daemon.url(), "--md", "wine-b");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("has no URL yet (state Processing)");
    }

    @Test
    void unknownDeploymentAndBadRequestBody() {
        CliHarness.Result unknown = cli.model("info", "--url", daemon.url(), "--md", "nope");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("entity \"nope\" is not found");

        CliHarness.Result notJson = cli.model("invoke", "--url", daemon.url(), "--md", "wine", "--json", "{oops");
        assertThat(notJson.exitCode()).isEqualTo(2);
        assertThat(notJson.err()).contains("not JSON");
        assertThat(seen).isEmpty();

        assertThat(cli.model("invoke", "--url", daemon.url(), "--md", "wine").exitCode())
                .as("a request body is required").isEqualTo(2);
    }
}
