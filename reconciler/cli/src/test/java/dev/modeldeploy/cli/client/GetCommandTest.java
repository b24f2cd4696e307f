package dev.modeldeploy.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.modeldeploy.api.ApiTestServer;
import dev.modeldeploy.api.Fixtures;
import dev.modeldeploy.auth.AuthSettings;
import dev.modeldeploy.auth.RequestAuthenticator;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetCommandTest {

    private static final String MODEL_URL = "http://models.example.com/model/wine";

    @TempDir
    Path home;
    private ApiTestServer server;
    private CliHarness cli;

    @BeforeEach
    void start() {
        server = new ApiTestServer(Fixtures.state(MODEL_URL), RequestAuthenticator.from(AuthSettings.disabled()));
        cli = new CliHarness(home);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void tableShowsStateReplicasImageRoleUrlAndCommit() {
        CliHarness.Result result = cli.deployment("get", "--url", server.url());
        assertThat(result.exitCode()).isZero();
        String[] lines = result.out().split("\n");
        assertThat(lines[0]).matches("ID\\s+STATE\\s+REPLICAS\\s+IMAGE\\s+ROLE\\s+URL\\s+COMMIT");
        assertThat(lines).hasSize(5);
        assertThat(lines[3]).matches("wine\\s+Ready\\s+1/1\\s+registry.example.com/wine:1.0\\s+ml-team\\s+"
                + MODEL_URL + "\\s+1111111");
        assertThat(lines[1]).matches("broken\\s+Failed\\s+-\\s+-\\s+-\\s+-\\s+- \\(seen 1111111\\)");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void routesTable() {
        CliHarness.Result result = cli.route("get", "--url", server.url());
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).containsPattern("wine-route\\s+Ready\\s+/custom/wine-ab\\s+wine=80,wine-b=20\\s+");
    }

    @Test
    void jsonIsTheApisArrayOfEnvelopes() throws Exception {
        CliHarness.Result result = cli.deployment("get", "--url", server.url(), "-o", "json");
        JsonNode list = new ObjectMapper().readTree(result.out());
        assertThat(list).hasSize(4);
        assertThat(list.get(2).at("/spec/image").asText()).isEqualTo("registry.example.com/wine:1.0");
    }

    @Test
    void yamlToo() throws Exception {
        CliHarness.Result result = cli.deployment("get", "--url", server.url(), "--id", "wine", "-o", "yaml");
        JsonNode list = new ObjectMapper(new YAMLFactory()).readTree(result.out());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).at("/status/state").asText()).isEqualTo("Ready");
        assertThat(result.out()).startsWith("- id: wine");
    }

    @Test
    void jsonPathPicksValuesFromTheArray() {
        CliHarness.Result all = cli.deployment("get", "--url", server.url(), "-o", "jsonpath=[*].spec.image");
        assertThat(all.exitCode()).isZero();
        assertThat(all.out().lines()).containsExactly(
                "registry.example.com/iris:1.0", "registry.example.com/wine:1.0", "registry.example.com/wine-b:1.0");

        CliHarness.Result one = cli.deployment("get", "--url", server.url(), "--id", "wine",
                "-o", "jsonpath=[*].spec.model.name");
        assertThat(one.out().lines()).containsExactly("wine");

        CliHarness.Result object = cli.deployment("get", "--url", server.url(), "--id", "wine",
                "-o", "jsonpath=$[0].spec.resources.limits");
        assertThat(object.out().strip()).isEqualTo("{\"cpu\":\"1\",\"memory\":\"1Gi\"}");
    }

    @Test
    void unknownIdSaysSo() {
        CliHarness.Result result = cli.deployment("get", "--url", server.url(), "--id", "nope");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("entity \"nope\" is not found").contains("modeldeploy deployment get");
    }

    @Test
    void unknownFormatIsAUsageError() {
        CliHarness.Result result = cli.deployment("get", "--url", server.url(), "-o", "xml");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("unknown output format 'xml'");
        assertThat(cli.deployment("get", "--bogus").exitCode()).isEqualTo(2);
    }

    @Test
    void unreachableDaemonSaysWhatToDo() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        CliHarness.Result result = cli.deployment("get", "--url", url);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("error: cannot reach modeldeploy at " + url
                + ": connection refused; is the daemon running? set --url or url: in " + cli.configFile());
    }

    @Test
    void urlComesFromTheConfigFile() throws Exception {
        Files.writeString(cli.configFile(), "url: " + server.url() + "/\n");
        CliHarness.Result result = cli.deployment("get", "-o", "jsonpath=[*].id");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines()).containsExactly("broken", "iris", "wine", "wine-b");
    }
}
