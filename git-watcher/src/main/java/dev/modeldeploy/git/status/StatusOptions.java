package dev.modeldeploy.git.status;

import dev.modeldeploy.git.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * How status is committed.
 *
 * @param statusBranch branch receiving the status commits; must differ from the watched branch
 * @param directory    folder of the status branch this publisher owns ('/'-terminated, e.g. {@code status/}): files in
 *                     it that are not in a publish call are removed; files elsewhere on the branch are left alone
 * @param authorName   author and committer name
 * @param authorEmail  author and committer e-mail
 * @param maxAttempts  push attempts before giving up when the branch keeps moving under us
 * @param backoff      wait between attempts
 */
public record StatusOptions(String statusBranch, String directory, String authorName, String authorEmail,
                            int maxAttempts, Backoff backoff) {

    public static final String DEFAULT_BRANCH = "modeldeploy-status";
    public static final String DEFAULT_DIRECTORY = "status/";
    public static final String DEFAULT_AUTHOR_NAME = "modeldeploy-bot";
    public static final String DEFAULT_AUTHOR_EMAIL = "modeldeploy@localhost";
    public static final int DEFAULT_MAX_ATTEMPTS = 10;

    public StatusOptions {
        statusBranch = statusBranch == null || statusBranch.isBlank() ? DEFAULT_BRANCH : statusBranch.strip();
        if (statusBranch.startsWith("refs/heads/")) {
            statusBranch = statusBranch.substring("refs/heads/".length());
        }
        directory = directory == null || directory.isBlank() ? DEFAULT_DIRECTORY : directory.strip();
        if (directory.startsWith("/") || directory.contains("..")) {
            throw new IllegalArgumentException("status directory must be relative and inside the repository, got '"
                    + directory + "'");
        }
        if (!directory.endsWith("/")) {
            directory = directory + "/";
        }
        authorName = authorName == null || authorName.isBlank() ? DEFAULT_AUTHOR_NAME : authorName;
        authorEmail = authorEmail == null || authorEmail.isBlank() ? DEFAULT_AUTHOR_EMAIL : authorEmail;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("status maxAttempts must be >= 1, got " + maxAttempts);
        }
        Objects.requireNonNull(backoff, "backoff");
    }

    /** Branch {@code modeldeploy-status}, folder {@code status/}, author {@code modeldeploy-bot <modeldeploy@localhost>}. */
    public static StatusOptions defaults() {
        return new StatusOptions(DEFAULT_BRANCH, DEFAULT_DIRECTORY, DEFAULT_AUTHOR_NAME, DEFAULT_AUTHOR_EMAIL,
                DEFAULT_MAX_ATTEMPTS, Backoff.exponential(Duration.ofMillis(50), Duration.ofSeconds(2)));
    }

    public StatusOptions withStatusBranch(String branch) {
        return new StatusOptions(branch, directory, authorName, authorEmail, maxAttempts, backoff);
    }

    public StatusOptions withAuthor(String name, String email) {
        return new StatusOptions(statusBranch, directory, name, email, maxAttempts, backoff);
    }

    public StatusOptions withRetries(int attempts, Backoff newBackoff) {
        return new StatusOptions(statusBranch, directory, authorName, authorEmail, attempts, newBackoff);
    }
}
