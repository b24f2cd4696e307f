package dev.modeldeploy.git.poll;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The manifests folder of one commit of the watched branch, checked out on disk.
 *
 * <p>The directory is written once and not modified afterwards; it stays on disk at least until two newer snapshots
 * have been returned by the same watcher, so the daemon can keep using its last good snapshot while the remote is down.
 *
 * @param commit                  full id of the commit
 * @param manifestsDir            the checked-out manifests folder ({@code GitSource.path} inside the commit)
 * @param lastChangedCommitByFile for each file under {@code manifestsDir} (relative, '/'-separated, sorted), the id of
 *                                the last commit that changed it
 * @param fetchedAt               when this snapshot was produced
 */
public record Snapshot(String commit, Path manifestsDir, Map<String, String> lastChangedCommitByFile,
                       Instant fetchedAt) {

    public Snapshot {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(manifestsDir, "manifestsDir");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        lastChangedCommitByFile = Collections.unmodifiableMap(new TreeMap<>(lastChangedCommitByFile));
    }

    /** The first seven characters of the commit id, for messages. */
    public String shortCommit() {
        return commit.length() > 7 ? commit.substring(0, 7) : commit;
    }
}
