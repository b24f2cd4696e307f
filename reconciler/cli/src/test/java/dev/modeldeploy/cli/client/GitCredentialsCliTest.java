package dev.modeldeploy.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.api.ApiState;
import dev.modeldeploy.api.ApiTestServer;
import dev.modeldeploy.api.Fixtures;
import dev.modeldeploy.api.SourceInfo;
import dev.modeldeploy.auth.AuthSettings;
import dev.modeldeploy.auth.RequestAuthenticator;
import dev.modeldeploy.plan.LoopbackGitServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * create over smart HTTP with GIT_USERNAME / GIT_TOKEN: the CLI reaches the remote through git-watcher's
 * RemoteAccess, and the token never shows in what it prints, whether the push works, is refused or the token is wrong.
 */
class GitCredentialsCliTest {

    private static final String USER = "ci";
    private static final String TOKEN = "cli-push-token-0123456789";
    private static final String IRIS = """
            kind: ModelDeployment
            id: iris-new
            spec:
              predictor: odahu-ml-server
              image: registry.example.com/iris:2.0
            """;

    @TempDir
    Path temp;
    private Path served;
    private Path bare;
    private LoopbackGitServers.HttpGit server;
    private ApiTestServer daemon;
    private CliHarness cli;

    @BeforeEach
    void start() throws Exception {
        served = temp.resolve("served");
        bare = served.resolve("models.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        Path work = temp.resolve("seed");
        try (Git git = Git.cloneRepository().setURI(bare.toString()).setDirectory(work.toFile()).call()) {
            Files.createDirectories(work.resolve("deployments"));
            Files.writeString(work.resolve("README.md"), "models\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("seed").setAuthor("seed", "seed@example.com")
                    .setCommitter("seed", "seed@example.com").call();
            git.push().setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
        }
        server = LoopbackGitServers.HttpGit.serve(served, USER, TOKEN);
        String url = server.url("models.git");
        ApiState state = Fixtures.state("http://models.example.com/model/wine");
        daemon = new ApiTestServer(new ApiState(new SourceInfo(url, "main", "deployments", head(), head()),
                state.deployments(), state.routes(), state.openApiByDeployment(), state.failedManifests(),
                state.updated()), RequestAuthenticator.from(AuthSettings.disabled()));
        cli = new CliHarness(temp.resolve("home"))
                .env("GIT_AUTHOR_NAME", "Alice Example")
                .env("GIT_AUTHOR_EMAIL", "alice@example.com")
                .env("GIT_USERNAME", USER);
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
        server.close();
    }

    @Test
    void createPushesWithTheTokenWithoutPrintingIt() throws Exception {
        allowPushesOverHttp();
        String before = head();
        CliHarness.Result result = cli.env("GIT_TOKEN", TOKEN).deployment("create", "--url", daemon.url(), "-f", iris());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(head()).isNotEqualTo(before);
        assertThat(result.out() + result.err()).doesNotContain(TOKEN);
    }

    @Test
    void aRefusedPushIsReportedWithoutTheToken() throws Exception {
        // The servlet refuses receive-pack to requests it has not authenticated itself: clone works, push fails.
        String before = head();
        CliHarness.Result result = cli.env("GIT_TOKEN", TOKEN).deployment("create", "--url", daemon.url(), "-f", iris());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("cannot commit and push").contains("models.git")
                .doesNotContain(TOKEN);
        assertThat(result.out()).doesNotContain(TOKEN);
        assertThat(head()).isEqualTo(before);
    }

    @Test
    void aWrongTokenIsReportedAsRejectedWithoutBeingPrinted() throws Exception {
        String wrong = "wrong-cli-token-9876543210";
        CliHarness.Result result = cli.env("GIT_TOKEN", wrong).deployment("create", "--url", daemon.url(), "-f", iris());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("cannot clone").contains("credentials rejected").contains("GIT_TOKEN")
                .doesNotContain(wrong);
        assertThat(result.out()).doesNotContain(wrong);
    }

    private void allowPushesOverHttp() throws IOException {
        try (Repository repository = Git.open(bare.toFile()).getRepository()) {
            StoredConfig config = repository.getConfig();
            config.setBoolean("http", null, "receivepack", true);
            config.save();
        }
    }

    private String iris() throws IOException {
        Path file = temp.resolve("iris.yaml");
        Files.writeString(file, IRIS);
        return file.toString();
    }

    private String head() throws IOException {
        try (Repository repository = Git.open(bare.toFile()).getRepository()) {
            ObjectId id = repository.resolve("refs/heads/main");
            return id == null ? null : id.getName();
        }
    }
}
