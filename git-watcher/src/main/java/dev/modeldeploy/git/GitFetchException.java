package dev.modeldeploy.git;

/**
 * A failed conversation with a Git remote. The message names the operation and the remote (without credentials)
 * and says why; it never contains a secret, and neither does any exception in its cause chain (causes are replaced by
 * scrubbed copies that keep their stack traces).
 */
public final class GitFetchException extends Exception {

    /** What went wrong, coarse enough for the daemon to decide whether retrying can help. */
    public enum Category {
        /** Connection refused, DNS failure, timeout: retry later and keep the last good snapshot. */
        UNREACHABLE,
        /** The remote rejected the credentials, or they could not be read. */
        AUTH_FAILED,
        /** The repository or branch does not exist. */
        NOT_FOUND,
        /** The SSH host key is unknown or differs from the one in known_hosts. */
        HOST_KEY_REJECTED,
        /** Anything else. */
        OTHER
    }

    private final Category category;

    public GitFetchException(Category category, String message) {
        super(message);
        this.category = category;
    }

    public GitFetchException(Category category, String message, Throwable scrubbedCause) {
        super(message, scrubbedCause);
        this.category = category;
    }

    public Category category() {
        return category;
    }
}
