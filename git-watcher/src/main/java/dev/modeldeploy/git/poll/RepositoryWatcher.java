package dev.modeldeploy.git.poll;

import dev.modeldeploy.git.GitFetchException;
import dev.modeldeploy.git.GitFetchException.Category;
import dev.modeldeploy.git.GitSource;
import dev.modeldeploy.git.mirror.LocalMirror;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one branch of a remote repository.
 *
 * <p>Each {@link #poll()} asks the remote for the branch head (a cheap ref advertisement), fetches into the
 * {@link LocalMirror} (shared with the status publisher) only when the head differs from what the mirror holds, and checks the manifests
 * folder of the new commit out into {@code cacheDir/snapshots/<commit>}. The cache survives restarts: a new watcher on
 * the same cache directory reuses the fetched history and does not clone again.
 *
 * <p>Only {@code branch} is fetched, so commits to other branches (status commit-backs in particular) are invisible.
 *
 * <p>When the remote cannot be reached, {@code poll} throws and changes nothing: {@link #lastSnapshot()} and its
 * directory stay usable. Thread-safe ({@code poll} is serialized); close it to release the mirror when it owns it.
 *
 * <pre>{@code
 * try (RepositoryWatcher watcher = new RepositoryWatcher(source)) {
 *     Optional<Snapshot> changed = watcher.poll();   // Optional.empty() when the branch did not move
 * }
 * }</pre>
 */
public final class RepositoryWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryWatcher.class);

    /** Commits walked at most to find when files first seen were last changed. */
    static final int MAX_HISTORY_WALK = 10_000;
    static final String CACHE_REPOSITORY = LocalMirror.REPOSITORY;
    static final String SNAPSHOTS = "snapshots";
    private static final String TEMP_PREFIX = ".tmp-";

    private final GitSource source;
    private final LocalMirror mirror;
    private final boolean ownsMirror;
    private final Clock clock;
    private final Path snapshotsDir;
    private volatile Snapshot last;
    private Snapshot previous;
    /** Blob and last-changing commit per file of {@link #last}, for incremental history lookups. */
    private Map<String, IndexedFile> lastIndex = Map.of();

    private record IndexedFile(ObjectId blobId, int rawMode, String lastChangedCommit) {
    }

    /** A watcher reading secrets from the process environment, timestamps from the system clock. */
    public RepositoryWatcher(GitSource source) {
        this(source, System::getenv, Clock.systemUTC());
    }

    /**
     * @param source      what to watch
     * @param environment environment variable lookup for {@code tokenEnv}/{@code passwordEnv}
     * @param clock       for {@link Snapshot#fetchedAt()}
     * @throws IllegalArgumentException when the URL is malformed or embeds a password
     */
    public RepositoryWatcher(GitSource source, Function<String, String> environment, Clock clock) {
        this(LocalMirror.open(source, environment), clock, true);
    }

    /**
     * A watcher on a mirror shared with others (the status publisher); the caller closes the mirror.
     *
     * @param clock for {@link Snapshot#fetchedAt()}
     */
    public RepositoryWatcher(LocalMirror mirror, Clock clock) {
        this(mirror, clock, false);
    }

    private RepositoryWatcher(LocalMirror mirror, Clock clock, boolean ownsMirror) {
        this.source = mirror.source();
        this.mirror = mirror;
        this.ownsMirror = ownsMirror;
        this.clock = clock;
        this.snapshotsDir = source.cacheDir().resolve(SNAPSHOTS);
    }

    public GitSource source() {
        return source;
    }

    /** The remote URL as it may be logged (credentials removed). */
    public String displayUrl() {
        return mirror.displayUrl();
    }

    /** The most recent snapshot returned by {@link #poll()}, if any. Does not wait for a poll in progress. */
    public Optional<Snapshot> lastSnapshot() {
        return Optional.ofNullable(last);
    }

    /**
     * Checks the branch and returns a new snapshot if it moved since the last snapshot this watcher returned (a new
     * watcher returns one on its first successful poll, from its cache when the remote did not move).
     *
     * @throws GitFetchException when the remote cannot be asked or fetched from, the branch does not exist, or the
     *                           checkout fails; the message is free of secrets
     */
    public synchronized Optional<Snapshot> poll() throws GitFetchException {
        ObjectId remoteHead = remoteHead();
        if (last != null && last.commit().equals(remoteHead.name())) {
            LOG.debug("{} {} unchanged at {}", mirror.displayUrl(), source.branch(), last.shortCommit());
            return Optional.empty();
        }
        Repository repository = mirror.repository();
        ObjectId head = mirror.trackedHead(source.branch());
        if (head != null && !hasObject(repository, head)) {
            LOG.warn("Git cache {} lost objects of {}; fetching again from scratch", mirror.directory(), head.name());
            repository = mirror.reset();
            head = null;
        }
        if (!remoteHead.equals(head)) {
            mirror.fetch(source.branch());
            head = mirror.trackedHead(source.branch());
            if (head == null) {
                throw mirror.failure(Category.NOT_FOUND, "fetch", "branch '" + source.branch() + "' vanished");
            }
        }
        if (last != null && last.commit().equals(head.name())) {
            return Optional.empty();
        }
        Snapshot snapshot = checkout(repository, head);
        LOG.info("{} {} now at {} ({} files under '{}')", mirror.displayUrl(), source.branch(),
                snapshot.shortCommit(), snapshot.lastChangedCommitByFile().size(), source.path());
        previous = last;
        last = snapshot;
        pruneSnapshots();
        return Optional.of(snapshot);
    }

    @Override
    public synchronized void close() {
        if (ownsMirror) {
            mirror.close();
        }
    }

    private ObjectId remoteHead() throws GitFetchException {
        String ref = Constants.R_HEADS + source.branch();
        Map<String, Ref> refs = mirror.remoteBranches();
        Ref head = refs.get(ref);
        if (head == null || head.getObjectId() == null) {
            throw mirror.failure(Category.NOT_FOUND, "ls-remote",
                    "branch '" + source.branch() + "' does not exist (remote has " + refs.size() + " branches)");
        }
        return head.getObjectId();
    }

    private boolean hasObject(Repository repository, ObjectId id) throws GitFetchException {
        try {
            return repository.getObjectDatabase().has(id);
        } catch (IOException e) {
            throw cacheFailure("looking up " + id.name(), e);
        }
    }

    private Snapshot checkout(Repository repository, ObjectId head) throws GitFetchException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(head);
            List<ManifestTree.Entry> entries = ManifestTree.list(repository, commit.getTree(), source.path());
            if (entries.isEmpty()) {
                LOG.warn("{} {} at {}: no files under '{}'", mirror.displayUrl(), source.branch(),
                        commit.abbreviate(7).name(), source.path());
            }
            Map<String, IndexedFile> index = lastChanged(repository, walk, commit, entries);
            Path dir = writeSnapshotDir(repository, commit, entries);
            Map<String, String> lastChangedByFile = new HashMap<>();
            index.forEach((file, indexed) -> lastChangedByFile.put(file, indexed.lastChangedCommit()));
            lastIndex = index;
            return new Snapshot(commit.name(), dir, lastChangedByFile, clock.instant());
        } catch (IOException | RuntimeException e) {
            throw cacheFailure("checking out " + head.name(), e);
        }
    }

    private Map<String, IndexedFile> lastChanged(Repository repository, RevWalk walk, RevCommit commit,
                                                 List<ManifestTree.Entry> entries) throws IOException {
        boolean reusable = last != null && isAncestor(walk, ObjectId.fromString(last.commit()), commit);
        Map<String, IndexedFile> index = new HashMap<>();
        Map<String, String> unknown = new HashMap<>();
        for (ManifestTree.Entry entry : entries) {
            IndexedFile known = reusable ? lastIndex.get(entry.relativePath()) : null;
            if (known != null && known.blobId().equals(entry.blobId()) && known.rawMode() == entry.rawMode()) {
                index.put(entry.relativePath(), known);
            } else {
                unknown.put(entry.repositoryPath(), entry.relativePath());
            }
        }
        Map<String, ObjectId> found = LastChangeFinder.find(repository, commit, Set.copyOf(unknown.keySet()),
                MAX_HISTORY_WALK);
        Set<String> seen = new HashSet<>();
        for (ManifestTree.Entry entry : entries) {
            String relative = unknown.get(entry.repositoryPath());
            if (relative != null && seen.add(relative)) {
                index.put(relative, new IndexedFile(entry.blobId(), entry.rawMode(),
                        found.get(entry.repositoryPath()).name()));
            }
        }
        LOG.debug("last-change lookup: {} files reused, {} looked up in history", entries.size() - unknown.size(),
                unknown.size());
        return index;
    }

    private static boolean isAncestor(RevWalk walk, ObjectId candidate, RevCommit commit) {
        try {
            boolean result = walk.isMergedInto(walk.parseCommit(candidate), commit);
            walk.reset();
            return result;
        } catch (IOException e) {
            return false; // e.g. history rewritten and the old commit is gone: recompute everything
        }
    }

    /** Writes into a temporary directory, then renames, so a snapshot directory is always complete. */
    private Path writeSnapshotDir(Repository repository, RevCommit commit, List<ManifestTree.Entry> entries)
            throws IOException {
        Path target = snapshotsDir.resolve(snapshotDirName(commit));
        if (Files.isDirectory(target)) {
            return target;
        }
        Files.createDirectories(snapshotsDir);
        Path temp = Files.createTempDirectory(snapshotsDir, TEMP_PREFIX);
        try {
            ManifestTree.write(repository, entries, temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } catch (FileAlreadyExistsException e) {
            deleteTree(temp);
        } catch (IOException | RuntimeException e) {
            deleteTree(temp);
            throw e;
        }
        return target;
    }

    /**
     * The commit id, plus a digest of the watched folder when there is one, so that a cache reused with another
     * {@code path} never serves a checkout of the wrong folder.
     */
    private String snapshotDirName(ObjectId commit) {
        if (source.path().isEmpty()) {
            return commit.name();
        }
        String folderDigest = ObjectId.fromRaw(Constants.newMessageDigest()
                .digest(source.path().getBytes(StandardCharsets.UTF_8))).abbreviate(8).name();
        return commit.name() + "-" + folderDigest;
    }

    /** Keeps the directories of the current and the previous snapshot, so a caller still reading one is safe. */
    private void pruneSnapshots() {
        Set<Path> keep = new HashSet<>();
        for (Snapshot s : new Snapshot[] {last, previous}) {
            if (s != null) {
                keep.add(s.manifestsDir().getFileName());
            }
        }
        try (Stream<Path> children = Files.list(snapshotsDir)) {
            for (Path child : children.toList()) {
                if (!keep.contains(child.getFileName())) {
                    deleteTree(child);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot prune old snapshots in {}: {}", snapshotsDir, e.toString());
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", root, e.toString());
        }
    }

    private GitFetchException cacheFailure(String doing, Exception e) {
        return mirror.localFailure(doing, e);
    }
}
