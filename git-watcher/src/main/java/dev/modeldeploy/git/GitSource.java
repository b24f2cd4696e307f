package dev.modeldeploy.git;

import dev.modeldeploy.git.auth.GitCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the manifests live and how to reach them.
 *
 * @param url          {@code https://host/repo.git}, {@code ssh://[user@]host[:port]/repo.git}, scp-like
 *                     {@code git@host:repo.git}, {@code git://host/repo.git}, {@code file:///path} or a plain path.
 *                     Must not carry a password: secrets come from {@code credentials}.
 * @param branch       the watched branch (short name, e.g. {@code main})
 * @param path         folder inside the repository holding the manifests, '/'-separated; {@code ""} = whole repo
 * @param interval     how often the daemon polls
 * @param credentials  references to the files or environment variables holding the secrets
 * @param cacheDir     local directory for the Git cache and checked-out snapshots; survives restarts
 * @param timeout      network timeout applied to every transport operation (connect and read)
 */
public record GitSource(String url, String branch, String path, Duration interval, GitCredentials credentials,
                        Path cacheDir, Duration timeout) {

    public static final String DEFAULT_BRANCH = "main";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public GitSource {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("git source: url is required");
        }
        url = url.strip();
        branch = branch == null || branch.isBlank() ? DEFAULT_BRANCH : stripHeadsPrefix(branch.strip());
        path = normalizePath(path);
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("git source: interval must be positive, got " + interval);
        }
        credentials = credentials == null ? GitCredentials.none() : credentials;
        Objects.requireNonNull(cacheDir, "git source: cacheDir is required");
        cacheDir = cacheDir.toAbsolutePath().normalize();
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("git source: timeout must be at least 1s, got " + timeout);
        }
    }

    /** A source with the default timeout. */
    public GitSource(String url, String branch, String path, Duration interval, GitCredentials credentials,
                     Path cacheDir) {
        this(url, branch, path, interval, credentials, cacheDir, DEFAULT_TIMEOUT);
    }

    /** An anonymous source watching the whole repository with default interval and timeout. */
    public static GitSource of(String url, String branch, Path cacheDir) {
        return new GitSource(url, branch, "", null, null, cacheDir, null);
    }

    public GitSource withPath(String newPath) {
        return new GitSource(url, branch, newPath, interval, credentials, cacheDir, timeout);
    }

    public GitSource withCredentials(GitCredentials newCredentials) {
        return new GitSource(url, branch, path, interval, newCredentials, cacheDir, timeout);
    }

    public GitSource withCacheDir(Path newCacheDir) {
        return new GitSource(url, branch, path, interval, credentials, newCacheDir, timeout);
    }

    public GitSource withTimeout(Duration newTimeout) {
        return new GitSource(url, branch, path, interval, credentials, cacheDir, newTimeout);
    }

    private static String stripHeadsPrefix(String branch) {
        return branch.startsWith("refs/heads/") ? branch.substring("refs/heads/".length()) : branch;
    }

    private static String normalizePath(String raw) {
        if (raw == null) {
            return "";
        }
        String trimmed = raw.strip().replace('\\', '/');
        StringBuilder normalized = new StringBuilder();
        for (String part : trimmed.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IllegalArgumentException("git source: path must stay inside the repository, got '" + raw + "'");
            }
            if (normalized.length() > 0) {
                normalized.append('/');
            }
            normalized.append(part);
        }
        return normalized.toString();
    }
}
