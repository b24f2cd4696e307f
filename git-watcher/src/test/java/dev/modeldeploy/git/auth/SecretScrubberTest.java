package dev.modeldeploy.git.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretScrubberTest {

    @Test
    void masksUrlUserinfoButKeepsPlainSshUsers() {
        SecretScrubber scrubber = new SecretScrubber();
        assertThat(scrubber.scrub("failed: https://bob:hunter22@git.example.com/r.git: denied"))
                .isEqualTo("failed: https://***@git.example.com/r.git: denied");
        assertThat(scrubber.scrub("https://ghp_abcdef@github.com/o/r")).isEqualTo("https://***@github.com/o/r");
        assertThat(scrubber.scrub("ssh://git@host:22/r.git")).isEqualTo("ssh://git@host:22/r.git");
        assertThat(scrubber.scrub("ssh://git:pw12@host/r.git")).isEqualTo("ssh://***@host/r.git");
        assertThat(scrubber.scrub(null)).isNull();
    }

    @Test
    void masksKnownSecretsInPlainEncodedAndBasicForms() {
        SecretScrubber scrubber = new SecretScrubber(List.of("s3cr3t/value+x"));
        scrubber.addBasicCredentials("alice", "token-1234");
        String basic = Base64.getEncoder().encodeToString("alice:token-1234".getBytes());
        String text = "a s3cr3t/value+x b s3cr3t%2Fvalue%2Bx c token-1234 d Basic " + basic;
        assertThat(scrubber.scrub(text)).isEqualTo("a *** b *** c *** d Basic ***");
    }

    @Test
    void ignoresValuesTooShortToMaskSafely() {
        SecretScrubber scrubber = new SecretScrubber(List.of("abc"));
        assertThat(scrubber.scrub("abc def")).isEqualTo("abc def");
    }

    @Test
    void scrubbedCopyKeepsClassesAndStackButNotSecrets() {
        SecretScrubber scrubber = new SecretScrubber(List.of("topsecret"));
        Exception original = new IllegalStateException("outer topsecret",
                new IOException("inner https://u:topsecret@h/x"));
        Throwable copy = scrubber.scrubbedCopy(original);
        StringWriter trace = new StringWriter();
        copy.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString())
                .doesNotContain("topsecret")
                .contains("java.lang.IllegalStateException: outer ***")
                .contains("java.io.IOException: inner https://***@h/x")
                .contains("SecretScrubberTest");
    }
}
