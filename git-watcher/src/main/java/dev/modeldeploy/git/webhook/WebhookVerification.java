package dev.modeldeploy.git.webhook;

import java.util.Optional;

/**
 * The outcome of verifying one webhook delivery.
 *
 * @param accepted  whether the signature or token matched
 * @param reason    why it was rejected, or {@code "ok"}; never contains the secret or the presented signature
 * @param pushedRef the payload's {@code ref} (e.g. {@code refs/heads/main}), when accepted and present
 */
public record WebhookVerification(boolean accepted, String reason, Optional<String> pushedRef) {

    private static final String HEADS = "refs/heads/";

    public static WebhookVerification rejected(String reason) {
        return new WebhookVerification(false, reason, Optional.empty());
    }

    public static WebhookVerification accepted(Optional<String> pushedRef) {
        return new WebhookVerification(true, "ok", pushedRef);
    }

    /** The pushed branch ({@code ref} without {@code refs/heads/}), if the payload names a branch. */
    public Optional<String> pushedBranch() {
        return pushedRef.filter(ref -> ref.startsWith(HEADS)).map(ref -> ref.substring(HEADS.length()));
    }

    /**
     * Whether this delivery should trigger a reconcile of {@code watchedBranch}: accepted, and either the payload
     * names no ref (a ping or a generic notification) or names exactly that branch. Pushes to the status branch, any
     * other branch, or tags are ignored.
     */
    public boolean concerns(String watchedBranch) {
        return accepted && pushedRef.map(ref -> ref.equals(HEADS + watchedBranch)).orElse(true);
    }
}
