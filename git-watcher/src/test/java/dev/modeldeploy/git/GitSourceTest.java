package dev.modeldeploy.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GitSourceTest {

    @Test
    void normalizesBranchAndPathAndAppliesDefaults() {
        GitSource source = new GitSource(" https://h/r.git ", "refs/heads/prod", "/deployments//team/./", null, null,
                Path.of("cache"));
        assertThat(source.url()).isEqualTo("https://h/r.git");
        assertThat(source.branch()).isEqualTo("prod");
        assertThat(source.path()).isEqualTo("deployments/team");
        assertThat(source.interval()).isEqualTo(GitSource.DEFAULT_INTERVAL);
        assertThat(source.timeout()).isEqualTo(GitSource.DEFAULT_TIMEOUT);
        assertThat(source.cacheDir()).isAbsolute();
        assertThat(GitSource.of("/r", null, Path.of("c")).branch()).isEqualTo("main");
    }

    @Test
    void rejectsEscapingPathsAndMissingUrl() {
        assertThatThrownBy(() -> new GitSource("/r", "main", "a/../../x", null, null, Path.of("c")))
                .hasMessageContaining("inside the repository");
        assertThatThrownBy(() -> GitSource.of(" ", "main", Path.of("c"))).hasMessageContaining("url is required");
        assertThatThrownBy(() -> GitSource.of("/r", "main", Path.of("c")).withTimeout(Duration.ofMillis(10)))
                .hasMessageContaining("timeout");
    }
}
