package dev.modeldeploy.git.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.git.GitFetchException;
import dev.modeldeploy.git.GitFetchException.Category;
import dev.modeldeploy.git.GitSource;
import dev.modeldeploy.git.auth.GitCredentials;
import dev.modeldeploy.git.testing.GitCli;
import dev.modeldeploy.git.testing.SshGitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher over JGit's Apache MINA SSH transport against an sshd server with key auth and a host key. */
class RepositoryWatcherSshTest {

    @TempDir
    Path temp;

    private SshGitServer server;
    private Path clientKeyFile;
    private String head;

    @BeforeEach
    void startServer() throws Exception {
        Path base = Files.createDirectories(temp.resolve("server"));
        GitCli git = new GitCli(temp.resolve("home"));
        Path bare = git.initBare(base.resolve("models.git"));
        Path work = git.clone(bare.toString(), temp.resolve("work"));
        head = git.commitFile(work, "deployments/a.yaml", "kind: ModelDeployment\nid: a\n", "add a");
        git.push(work, "main");

        KeyPair clientKey = SshGitServer.newKeyPair();
        clientKeyFile = SshGitServer.writePrivateKey(clientKey, temp.resolve("id_ecdsa"));
        server = new SshGitServer(base, SshGitServer.newKeyPair(), clientKey.getPublic());
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private GitSource source(Path key, Path knownHosts) {
        return new GitSource(server.url("models.git"), "main", "deployments", Duration.ofSeconds(30),
                GitCredentials.ssh(null, key, knownHosts), temp.resolve("cache"), Duration.ofSeconds(10));
    }

    @Test
    void knownHostIsAccepted() throws Exception {
        Path knownHosts = Files.writeString(temp.resolve("known_hosts"), server.knownHostsLine() + "\n");
        try (RepositoryWatcher watcher = new RepositoryWatcher(source(clientKeyFile, knownHosts))) {
            Snapshot snapshot = watcher.poll().orElseThrow();
            assertThat(snapshot.commit()).isEqualTo(head);
            assertThat(snapshot.manifestsDir().resolve("a.yaml")).exists();
            assertThat(watcher.poll()).isEmpty();
            assertThat(server.packsSent()).isEqualTo(1);
        }
    }

    @Test
    void unknownHostIsRefusedNamingHostAndKnownHostsFile() throws Exception {
        Path knownHosts = Files.writeString(temp.resolve("known_hosts"), "");
        GitFetchException failure = pollFailure(source(clientKeyFile, knownHosts));
        assertThat(failure.category()).isEqualTo(Category.HOST_KEY_REJECTED);
        assertThat(failure.getMessage())
                .contains("[127.0.0.1]:" + server.port())
                .contains(knownHosts.toString())
                .contains("unknown")
                .contains("refusing to connect");
        assertThat(knownHosts).as("an unknown key is never added").isEmptyFile();
    }

    @Test
    void changedHostKeyIsRefused() throws Exception {
        String otherKey = PublicKeyEntry.toString(SshGitServer.newKeyPair().getPublic());
        Path knownHosts = Files.writeString(temp.resolve("known_hosts"),
                "[127.0.0.1]:" + server.port() + " " + otherKey + "\n");
        GitFetchException failure = pollFailure(source(clientKeyFile, knownHosts));
        assertThat(failure.category()).isEqualTo(Category.HOST_KEY_REJECTED);
        assertThat(failure.getMessage())
                .contains("[127.0.0.1]:" + server.port())
                .contains(knownHosts.toString())
                .contains("does not match");
    }

    @Test
    void missingKnownHostsFileRefusesEveryHost() throws Exception {
        GitFetchException failure = pollFailure(source(clientKeyFile, null));
        assertThat(failure.category()).isEqualTo(Category.HOST_KEY_REJECTED);
        assertThat(failure.getMessage()).contains("no knownHostsFile");
    }

    @Test
    void unauthorizedClientKeyIsAuthFailed() throws Exception {
        Path knownHosts = Files.writeString(temp.resolve("known_hosts"), server.knownHostsLine() + "\n");
        Path strangerKey = SshGitServer.writePrivateKey(SshGitServer.newKeyPair(), temp.resolve("id_stranger"));
        GitFetchException failure = pollFailure(source(strangerKey, knownHosts));
        assertThat(failure.category()).isEqualTo(Category.AUTH_FAILED);
    }

    private GitFetchException pollFailure(GitSource source) {
        try (RepositoryWatcher watcher = new RepositoryWatcher(source)) {
            watcher.poll();
        } catch (GitFetchException e) {
            return e;
        }
        throw new AssertionError("poll() should have failed");
    }
}
