package dev.modeldeploy.git.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modeldeploy.git.GitFetchException;
import dev.modeldeploy.git.GitFetchException.Category;
import dev.modeldeploy.git.GitSource;
import dev.modeldeploy.git.auth.GitCredentials;
import dev.modeldeploy.git.testing.GitCli;
import dev.modeldeploy.git.testing.HttpGitServer;
import dev.modeldeploy.git.testing.LogCapture;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher against JGit's GitServlet on Jetty with basic auth, repositories pushed to with the git client. */
class RepositoryWatcherHttpTest {

    private static final String USER = "alice";
    private static final String TOKEN = "tok-9f2c7d1e-right-token";
    private static final String WRONG_TOKEN = "tok-wrong-5b8e3a0c-value";

    @TempDir
    Path temp;

    private HttpGitServer server;
    private GitCli git;
    private Path work;
    private Path tokenFile;
    private String firstCommit;

    @BeforeEach
    void startServerWithRepository() throws Exception {
        Path base = Files.createDirectories(temp.resolve("server"));
        git = new GitCli(temp.resolve("home"));
        git.initBare(base.resolve("models.git"));
        server = new HttpGitServer(base, USER, TOKEN).start();
        git.withConfig("http.extraHeader=Authorization: " + server.basicAuthHeader());
        work = git.clone(server.url("models.git"), temp.resolve("work"));
        git.commitFile(work, "README.md", "# models\n", "readme");
        git.commitFile(work, "deployments/a.yaml", "kind: ModelDeployment\nid: a\n", "add a");
        firstCommit = git.commitFile(work, "deployments/team/b.yaml", "kind: ModelDeployment\nid: b\n", "add b");
        git.push(work, "main");
        tokenFile = Files.writeString(temp.resolve("token"), TOKEN + "\n");
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private GitSource source(GitCredentials credentials) {
        return new GitSource(server.url("models.git"), "main", "deployments", Duration.ofSeconds(30), credentials,
                temp.resolve("cache"), Duration.ofSeconds(5));
    }

    @Test
    void fetchesOnlyWhenTheBranchMovedAndIgnoresOtherBranches() throws Exception {
        try (RepositoryWatcher watcher = new RepositoryWatcher(source(GitCredentials.tokenFile(USER, tokenFile)))) {
            Snapshot first = watcher.poll().orElseThrow();
            assertThat(first.commit()).isEqualTo(firstCommit);
            assertThat(first.lastChangedCommitByFile()).containsOnlyKeys("a.yaml", "team/b.yaml");
            assertThat(first.manifestsDir().resolve("team/b.yaml")).hasContent("kind: ModelDeployment\nid: b");
            assertThat(first.manifestsDir().resolve("README.md")).doesNotExist();
            assertThat(server.packsSent()).isEqualTo(1);

            assertThat(watcher.poll()).isEmpty();
            assertThat(server.packsSent()).as("no fetch when the head did not move").isEqualTo(1);

            String changeA = git.commitFile(work, "deployments/a.yaml", "kind: ModelDeployment\nid: a\n# v2\n", "a v2");
            git.push(work, "main");
            Snapshot second = watcher.poll().orElseThrow();
            assertThat(second.commit()).isEqualTo(changeA);
            assertThat(second.lastChangedCommitByFile())
                    .containsEntry("a.yaml", changeA)
                    .containsEntry("team/b.yaml", firstCommit);
            assertThat(second.manifestsDir().resolve("a.yaml")).content().contains("# v2");
            assertThat(first.manifestsDir().resolve("a.yaml")).as("older snapshot stays as it was")
                    .content().doesNotContain("# v2");
            assertThat(server.packsSent()).isEqualTo(2);

            git.commitFile(work, "status/a.yaml", "state: Ready\n", "status");
            git.push(work, "modeldeploy-status");
            assertThat(watcher.poll()).as("a push to another branch is not a change").isEmpty();
            assertThat(server.packsSent()).isEqualTo(2);
        }
    }

    @Test
    void secondWatcherOnTheSameCacheDoesNotCloneAgain() throws Exception {
        GitSource source = source(GitCredentials.tokenFile(USER, tokenFile));
        try (RepositoryWatcher watcher = new RepositoryWatcher(source)) {
            watcher.poll().orElseThrow();
        }
        assertThat(server.packsSent()).isEqualTo(1);
        try (RepositoryWatcher restarted = new RepositoryWatcher(source)) {
            Snapshot snapshot = restarted.poll().orElseThrow();
            assertThat(snapshot.commit()).isEqualTo(firstCommit);
            assertThat(snapshot.lastChangedCommitByFile()).containsEntry("team/b.yaml", firstCommit);
            assertThat(server.packsSent()).as("restart reuses the cache").isEqualTo(1);
            assertThat(restarted.poll()).isEmpty();
        }
    }

    @Test
    void wrongTokenIsAuthFailedAndNeverLeaksTheToken() {
        GitCredentials fromEnv = GitCredentials.tokenEnv(USER, "GIT_TOKEN");
        Map<String, String> environment = Map.of("GIT_TOKEN", WRONG_TOKEN);
        GitFetchException failure;
        String logs;
        try (LogCapture capture = new LogCapture();
             RepositoryWatcher watcher = new RepositoryWatcher(source(fromEnv), environment::get, Clock.systemUTC())) {
            failure = catchFetchException(watcher);
            logs = capture.allText();
        }
        assertThat(failure.category()).isEqualTo(Category.AUTH_FAILED);
        assertThat(failure.getMessage()).contains(server.url("models.git")).contains("credentials rejected");
        assertThat(stackTraceOf(failure)).doesNotContain(WRONG_TOKEN).doesNotContain(TOKEN);
        assertThat(logs).isNotEmpty().doesNotContain(WRONG_TOKEN);
    }

    @Test
    void missingTokenFileIsAuthFailedNamingTheFile() {
        Path missing = temp.resolve("no-such-token");
        try (RepositoryWatcher watcher = new RepositoryWatcher(source(GitCredentials.tokenFile(USER, missing)))) {
            GitFetchException failure = catchFetchException(watcher);
            assertThat(failure.category()).isEqualTo(Category.AUTH_FAILED);
            assertThat(failure.getMessage()).contains("tokenFile").contains(missing.toString());
        }
    }

    @Test
    void remoteDownKeepsTheLastSnapshotAndRecoversOnTheSamePort() throws Exception {
        try (RepositoryWatcher watcher = new RepositoryWatcher(source(GitCredentials.tokenFile(USER, tokenFile)))) {
            Snapshot good = watcher.poll().orElseThrow();
            server.stop();

            GitFetchException down = catchFetchException(watcher);
            assertThat(down.category()).isEqualTo(Category.UNREACHABLE);
            assertThat(down.getMessage()).contains("127.0.0.1:" + server.port());
            assertThat(watcher.lastSnapshot()).contains(good);
            assertThat(good.manifestsDir().resolve("a.yaml")).exists();

            server.restart();
            String next = git.commitFile(work, "deployments/c.yaml", "kind: ModelRoute\nid: c\n", "add c");
            git.push(work, "main");
            Optional<Snapshot> recovered = watcher.poll();
            assertThat(recovered).map(Snapshot::commit).contains(next);
            assertThat(recovered.orElseThrow().lastChangedCommitByFile()).containsEntry("c.yaml", next);
        }
    }

    @Test
    void silentRemoteTimesOutAsUnreachable() throws Exception {
        // Accepts connections and never answers: only the transport timeout ends the wait.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/git/models.git";
            GitSource source = new GitSource(url, "main", "", null, GitCredentials.tokenFile(USER, tokenFile),
                    temp.resolve("cache"), Duration.ofSeconds(1));
            try (RepositoryWatcher watcher = new RepositoryWatcher(source)) {
                GitFetchException failure = catchFetchException(watcher);
                assertThat(failure.category()).isEqualTo(Category.UNREACHABLE);
                assertThat(failure.getMessage()).containsIgnoringCase("timed out");
            }
        }
    }

    @Test
    void missingBranchIsNotFound() {
        GitSource source = new GitSource(server.url("models.git"), "no-such-branch", "", null,
                GitCredentials.tokenFile(USER, tokenFile), temp.resolve("cache"));
        try (RepositoryWatcher watcher = new RepositoryWatcher(source)) {
            GitFetchException failure = catchFetchException(watcher);
            assertThat(failure.category()).isEqualTo(Category.NOT_FOUND);
            assertThat(failure.getMessage()).contains("no-such-branch");
        }
    }

    @Test
    void missingRepositoryIsNotFound() {
        GitSource source = new GitSource(server.url("nothing-here.git"), "main", "", null,
                GitCredentials.tokenFile(USER, tokenFile), temp.resolve("cache"));
        try (RepositoryWatcher watcher = new RepositoryWatcher(source)) {
            assertThat(catchFetchException(watcher).category()).isEqualTo(Category.NOT_FOUND);
        }
    }

    @Test
    void urlWithEmbeddedPasswordIsRefusedWithoutEchoingIt() {
        String url = "http://alice:" + TOKEN + "@127.0.0.1:" + server.port() + "/git/models.git";
        GitSource source = GitSource.of(url, "main", temp.resolve("cache"));
        assertThatThrownBy(() -> new RepositoryWatcher(source))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokenFile")
                .hasMessageNotContaining(TOKEN);
    }

    private static GitFetchException catchFetchException(RepositoryWatcher watcher) {
        try {
            watcher.poll();
        } catch (GitFetchException e) {
            return e;
        }
        throw new AssertionError("poll() should have failed");
    }

    private static String stackTraceOf(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
