package dev.modeldeploy.git.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modeldeploy.git.GitFetchException;
import dev.modeldeploy.git.GitFetchException.Category;
import dev.modeldeploy.git.auth.RemoteAccess.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteAccessTest {

    @TempDir
    Path temp;

    private RemoteAccess open(String url, GitCredentials credentials, Map<String, String> env) {
        return RemoteAccess.open(url, credentials, Duration.ofSeconds(5), temp.resolve("ssh"), env::get);
    }

    @Test
    void recognizesEveryUrlForm() {
        GitCredentials none = GitCredentials.none();
        assertThat(open("https://h/r.git", none, Map.of()).protocol()).isEqualTo(Protocol.HTTP);
        assertThat(open("ssh://h:2222/r.git", none, Map.of()).protocol()).isEqualTo(Protocol.SSH);
        assertThat(open("git@github.com:org/r.git", none, Map.of()).protocol()).isEqualTo(Protocol.SSH);
        assertThat(open("git://h/r.git", none, Map.of()).protocol()).isEqualTo(Protocol.GIT);
        assertThat(open("file:///srv/r.git", none, Map.of()).protocol()).isEqualTo(Protocol.LOCAL);
        assertThat(open("/srv/r.git", none, Map.of()).protocol()).isEqualTo(Protocol.LOCAL);
        assertThat(open("relative/r.git", none, Map.of()).url()).isEqualTo(
                Path.of("relative/r.git").toAbsolutePath().toString());
        assertThatThrownBy(() -> open("ftp://h/r", none, Map.of())).hasMessageContaining("not supported");
    }

    @Test
    void fillsTheSshUserFromConfigurationWhenTheUrlHasNone() {
        GitCredentials deploy = GitCredentials.ssh("deploy", null, null);
        assertThat(open("ssh://h:2222/r.git", deploy, Map.of()).url()).isEqualTo("ssh://deploy@h:2222/r.git");
        assertThat(open("ssh://h/r.git", GitCredentials.none(), Map.of()).url()).isEqualTo("ssh://git@h/r.git");
        assertThat(open("me@h:r.git", deploy, Map.of()).url()).isEqualTo("me@h:r.git");
    }

    @Test
    void unsetTokenVariableIsAuthFailedNamingTheVariable() {
        RemoteAccess access = open("https://h/r.git", GitCredentials.tokenEnv("u", "MY_TOKEN"), Map.of());
        assertThatThrownBy(() -> access.configure(Git.lsRemoteRepository()))
                .isInstanceOf(GitFetchException.class)
                .hasMessageContaining("MY_TOKEN")
                .satisfies(e -> assertThat(((GitFetchException) e).category()).isEqualTo(Category.AUTH_FAILED));
    }

    @Test
    void tokensReadAreScrubbedFromLaterMessages() throws Exception {
        Path tokenFile = Files.writeString(temp.resolve("token"), "file-token-0042\n");
        RemoteAccess access = open("https://h/r.git", GitCredentials.tokenFile("u", tokenFile), Map.of());
        access.configure(Git.lsRemoteRepository());
        GitFetchException failure = access.failure("fetch", new IllegalStateException("echo file-token-0042"));
        assertThat(failure.getMessage()).doesNotContain("file-token-0042").contains("***");
    }

    @Test
    void emptySecretFileIsRefused() throws Exception {
        Path tokenFile = Files.writeString(temp.resolve("token"), "\n");
        RemoteAccess access = open("https://h/r.git", GitCredentials.tokenFile("u", tokenFile), Map.of());
        assertThatThrownBy(() -> access.configure(Git.lsRemoteRepository())).hasMessageContaining("is empty");
    }

    @Test
    void credentialsNameOneSourcePerSecret() {
        assertThatThrownBy(() -> new GitCredentials(null, temp.resolve("t"), "T", null, null, null, null))
                .hasMessageContaining("tokenFile or tokenEnv");
        assertThatThrownBy(() -> new GitCredentials(null, null, "T", null, "P", null, null))
                .hasMessageContaining("token or a password");
    }
}
