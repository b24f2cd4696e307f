package dev.modeldeploy.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The identity a daemon derives never depends on the credentials in its repository URL. */
class RunOptionsInstanceTest {
    @Test
    void credentialsAreNotPartOfTheSource() {
        assertThat(RunOptions.withoutCredentials("https://bot:s3cr3t@git.example.com/ml/models.git"))
                .isEqualTo("https://git.example.com/ml/models.git");
        assertThat(RunOptions.withoutCredentials("ssh://git@git.example.com/ml/models.git"))
                .isEqualTo("ssh://git.example.com/ml/models.git");
        assertThat(RunOptions.withoutCredentials("/srv/git/models.git")).isEqualTo("/srv/git/models.git");
    }
}
