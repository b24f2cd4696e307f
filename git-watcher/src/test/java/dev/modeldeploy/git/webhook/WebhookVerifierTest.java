package dev.modeldeploy.git.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modeldeploy.git.webhook.WebhookVerifier.Provider;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {

    private static final String SECRET = "webhook-secret-c0ffee";
    private static final byte[] PUSH_TO_MAIN =
            "{\"ref\":\"refs/heads/main\",\"after\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PUSH_TO_STATUS =
            "{\"ref\":\"refs/heads/modeldeploy-status\"}".getBytes(StandardCharsets.UTF_8);

    private static String signature(byte[] body) {
        return WebhookVerifier.sign(SECRET.getBytes(StandardCharsets.UTF_8), body);
    }

    @Test
    void githubAcceptsTheRightSignatureAndReadsTheBranch() {
        WebhookVerifier verifier = new WebhookVerifier(Provider.GITHUB, SECRET);
        WebhookVerification result = verifier.verify(
                Map.of("x-hub-signature-256", "sha256=" + signature(PUSH_TO_MAIN)), PUSH_TO_MAIN);
        assertThat(result.accepted()).isTrue();
        assertThat(result.pushedBranch()).contains("main");
        assertThat(result.concerns("main")).isTrue();
    }

    @Test
    void githubRejectsWrongSignatureMissingPrefixAndTamperedBody() {
        WebhookVerifier verifier = new WebhookVerifier(Provider.GITHUB, SECRET);
        String good = signature(PUSH_TO_MAIN);
        WebhookVerification wrongSecret = verifier.verify(Map.of("X-Hub-Signature-256",
                "sha256=" + WebhookVerifier.sign("other".getBytes(StandardCharsets.UTF_8), PUSH_TO_MAIN)),
                PUSH_TO_MAIN);
        WebhookVerification noPrefix = verifier.verify(Map.of("X-Hub-Signature-256", good), PUSH_TO_MAIN);
        WebhookVerification tampered = verifier.verify(Map.of("X-Hub-Signature-256", "sha256=" + good),
                PUSH_TO_STATUS);
        WebhookVerification missing = verifier.verify(Map.of(), PUSH_TO_MAIN);
        WebhookVerification notHex = verifier.verify(Map.of("X-Hub-Signature-256", "sha256=zz"), PUSH_TO_MAIN);
        for (WebhookVerification rejected : new WebhookVerification[] {wrongSecret, noPrefix, tampered, missing,
                notHex}) {
            assertThat(rejected.accepted()).isFalse();
            assertThat(rejected.reason()).doesNotContain(SECRET).doesNotContain(good);
            assertThat(rejected.concerns("main")).isFalse();
        }
        assertThat(missing.reason()).contains("missing header X-Hub-Signature-256");
    }

    @Test
    void gitlabComparesTheToken() {
        WebhookVerifier verifier = new WebhookVerifier(Provider.GITLAB, SECRET);
        assertThat(verifier.verify(Map.of("X-Gitlab-Token", SECRET), PUSH_TO_MAIN).pushedBranch()).contains("main");
        WebhookVerification wrong = verifier.verify(Map.of("X-Gitlab-Token", SECRET + "x"), PUSH_TO_MAIN);
        assertThat(wrong.accepted()).isFalse();
        assertThat(wrong.reason()).doesNotContain(SECRET);
        assertThat(verifier.verify(Map.of("X-Gitlab-Token", "short"), PUSH_TO_MAIN).accepted()).isFalse();
    }

    @Test
    void genericAcceptsHexWithOrWithoutPrefix() {
        WebhookVerifier verifier = new WebhookVerifier(Provider.parse("Generic"), SECRET);
        byte[] body = "anything at all, not JSON".getBytes(StandardCharsets.UTF_8);
        String hex = signature(body);
        assertThat(verifier.verify(Map.of("X-Signature-256", hex), body).accepted()).isTrue();
        assertThat(verifier.verify(Map.of("X-Signature-256", "sha256=" + hex), body).accepted()).isTrue();
        assertThat(verifier.verify(Map.of("X-Signature-256", hex.toUpperCase()), body).accepted()).isTrue();
        WebhookVerification ok = verifier.verify(Map.of("X-Signature-256", hex), body);
        assertThat(ok.pushedRef()).isEmpty();
        assertThat(ok.concerns("main")).as("no ref named: reconcile").isTrue();
        assertThat(verifier.verify(Map.of("X-Signature-256", signature(PUSH_TO_MAIN)), body).accepted()).isFalse();
    }

    @Test
    void pushesToOtherBranchesAndTagsDoNotConcernTheWatchedBranch() {
        WebhookVerifier verifier = new WebhookVerifier(Provider.GITLAB, SECRET);
        WebhookVerification status = verifier.verify(Map.of("X-Gitlab-Token", SECRET), PUSH_TO_STATUS);
        assertThat(status.accepted()).isTrue();
        assertThat(status.pushedBranch()).contains("modeldeploy-status");
        assertThat(status.concerns("main")).isFalse();
        byte[] tag = "{\"ref\":\"refs/tags/v1\"}".getBytes(StandardCharsets.UTF_8);
        WebhookVerification tagPush = verifier.verify(Map.of("X-Gitlab-Token", SECRET), tag);
        assertThat(tagPush.pushedBranch()).isEmpty();
        assertThat(tagPush.concerns("main")).isFalse();
    }

    @Test
    void refusesEmptySecretsAndUnknownProviders() {
        assertThatThrownBy(() -> new WebhookVerifier(Provider.GITHUB, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Provider.parse("bitbucket")).hasMessageContaining("github, gitlab or generic");
    }
}
