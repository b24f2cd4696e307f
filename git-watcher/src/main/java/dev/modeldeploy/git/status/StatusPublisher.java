package dev.modeldeploy.git.status;

import dev.modeldeploy.git.GitFetchException;
import dev.modeldeploy.git.GitFetchException.Category;
import dev.modeldeploy.git.GitSource;
import dev.modeldeploy.git.mirror.LocalMirror;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits status files to the status branch of the watched repository.
 *
 * <p>A publish is "make the status folder hold exactly these files": the commit is built directly from objects (no
 * worktree) on top of the status branch's current head, or as the first commit of a new orphan branch. It is made only
 * when some file actually changes, so a steady state adds no commits. Files outside the status folder (a README someone
 * added, say) are kept.
 *
 * <p>Nothing is ever overwritten: the push names the head it was built on (force-with-lease semantics, never force).
 * When someone else moved the branch in between, the publisher fetches the new head, re-applies its files on top and
 * pushes again, with capped backoff, up to {@link StatusOptions#maxAttempts()} times.
 *
 * <p>The watched branch is never written: constructing a publisher whose status branch equals it fails. Thread-safe
 * ({@code publish} is serialized). It works in the {@link LocalMirror} the watcher fetches into (the status branch is
 * fetched only into its own tracking ref, so the watcher never sees status commits); close it to release the mirror
 * when it owns it.
 *
 * <pre>{@code
 * try (StatusPublisher publisher = new StatusPublisher(source, StatusOptions.defaults(), System::getenv)) {
 *     publisher.publish(Map.of("status/my-model.yaml", yaml), snapshot.commit());
 * }
 * }</pre>
 */
public final class StatusPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

    private final StatusOptions options;
    private final LocalMirror mirror;
    private final boolean ownsMirror;
    private final String branchRef;

    /** A publisher with {@link StatusOptions#defaults()}, reading secrets from the process environment. */
    public StatusPublisher(GitSource source) {
        this(source, StatusOptions.defaults(), System::getenv);
    }

    /**
     * @throws IllegalArgumentException when the status branch is the watched branch, or the URL is unusable
     */
    public StatusPublisher(GitSource source, StatusOptions options, Function<String, String> environment) {
        this(checkedBranch(source, options), source, environment);
    }

    private StatusPublisher(StatusOptions checked, GitSource source, Function<String, String> environment) {
        this(LocalMirror.open(source, environment), checked, true);
    }

    /**
     * A publisher working in a mirror shared with the watcher; the caller closes the mirror.
     *
     * @throws IllegalArgumentException when the status branch is the watched branch
     */
    public StatusPublisher(LocalMirror mirror, StatusOptions options) {
        this(mirror, checkedBranch(mirror.source(), options), false);
    }

    private StatusPublisher(LocalMirror mirror, StatusOptions options, boolean ownsMirror) {
        this.options = options;
        this.mirror = mirror;
        this.ownsMirror = ownsMirror;
        this.branchRef = Constants.R_HEADS + options.statusBranch();
    }

    private static StatusOptions checkedBranch(GitSource source, StatusOptions options) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
        if (options.statusBranch().equals(source.branch())) {
            throw new IllegalArgumentException("status branch '" + options.statusBranch()
                    + "' is the watched branch; status must be committed to a different branch");
        }
        return options;
    }

    public StatusOptions options() {
        return options;
    }

    /**
     * Makes the status folder of the status branch hold exactly {@code files}.
     *
     * @param files        repository path (under {@link StatusOptions#directory()}, e.g. {@code status/<id>.yaml}) →
     *                     content; files of the folder missing from the map are removed
     * @param sourceCommit the watched-branch commit this status describes (named in the commit message)
     * @throws IllegalArgumentException when a path is outside the status folder or not a plain relative path
     * @throws GitFetchException        when the remote cannot be reached, rejects the push for a reason other than a
     *                                  concurrent update, or keeps moving for {@code maxAttempts} attempts
     */
    public synchronized PublishResult publish(Map<String, String> files, String sourceCommit)
            throws GitFetchException {
        Map<String, byte[]> wanted = validated(files);
        Repository repository = mirror.repository();
        for (int attempt = 1; ; attempt++) {
            ObjectId remoteHead = remoteHead();
            if (remoteHead != null && !hasObject(repository, remoteHead)) {
                mirror.fetch(options.statusBranch());
            }
            PreparedCommit prepared = prepare(repository, remoteHead, wanted, sourceCommit);
            if (prepared == null) {
                LOG.debug("status branch {} already up to date", options.statusBranch());
                return new PublishResult(false, remoteHead == null ? null : remoteHead.name(), 0, attempt);
            }
            RemoteRefUpdate update = mirror.push(prepared.commit(), options.statusBranch(), remoteHead);
            if (update.getStatus() == RemoteRefUpdate.Status.OK) {
                LOG.info("status branch {}: committed {} ({} changed) for {}", options.statusBranch(),
                        prepared.commit().abbreviate(7).name(), prepared.changedFiles(), shortSha(sourceCommit));
                return new PublishResult(true, prepared.commit().name(), prepared.changedFiles(), attempt);
            }
            String why = describe(update);
            if (!retryable(update)) {
                throw mirror.failure(Category.OTHER, "push to " + options.statusBranch() + " of", why);
            }
            if (attempt >= options.maxAttempts()) {
                throw mirror.failure(Category.OTHER, "push to " + options.statusBranch() + " of",
                        "gave up after " + attempt + " attempts, the branch kept moving (last: " + why + ")");
            }
            LOG.info("status branch {} moved concurrently ({}); re-applying on the new head", options.statusBranch(),
                    why);
            if (!options.backoff().sleep(attempt - 1)) {
                throw mirror.failure(Category.OTHER, "push to " + options.statusBranch() + " of", "interrupted");
            }
        }
    }

    /**
     * The status folder's files as the status branch holds them now (path → content), empty when the branch does not
     * exist yet. The daemon reads them back on start to resume what it recorded, such as a rollout's step.
     *
     * @throws GitFetchException when the remote cannot be reached or read
     */
    public synchronized Map<String, String> read() throws GitFetchException {
        Repository repository = mirror.repository();
        ObjectId remoteHead = remoteHead();
        if (remoteHead == null) {
            return Map.of();
        }
        if (!hasObject(repository, remoteHead)) {
            mirror.fetch(options.statusBranch());
        }
        Map<String, String> files = new TreeMap<>();
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
            tree.addTree(walk.parseCommit(remoteHead).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                String path = tree.getPathString();
                if (path.startsWith(options.directory()) && tree.getFileMode(0) == FileMode.REGULAR_FILE) {
                    files.put(path, new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw mirror.localFailure("reading the status branch", e);
        }
        return files;
    }

    @Override
    public synchronized void close() {
        if (ownsMirror) {
            mirror.close();
        }
    }

    private record PreparedCommit(ObjectId commit, int changedFiles) {
    }

    private Map<String, byte[]> validated(Map<String, String> files) {
        Map<String, byte[]> result = new TreeMap<>();
        files.forEach((path, content) -> {
            Objects.requireNonNull(content, () -> "status content for " + path);
            if (!path.startsWith(options.directory()) || path.length() == options.directory().length()) {
                throw new IllegalArgumentException("status file '" + path + "' is not under " + options.directory());
            }
            for (String part : path.split("/", -1)) {
                if (part.isEmpty() || part.equals(".") || part.equals("..") || part.equalsIgnoreCase(".git")) {
                    throw new IllegalArgumentException("status file '" + path + "' is not a plain relative path");
                }
            }
            result.put(path, content.getBytes(StandardCharsets.UTF_8));
        });
        return result;
    }

    /** The new commit on top of {@code base} (null = orphan), or null when the tree would not change. */
    private PreparedCommit prepare(Repository repository, ObjectId base, Map<String, byte[]> wanted,
                                   String sourceCommit) throws GitFetchException {
        try (ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            Map<String, ObjectId> existing = new HashMap<>();
            RevCommit baseCommit = base == null ? null : walk.parseCommit(base);
            if (baseCommit != null) {
                try (TreeWalk tree = new TreeWalk(repository)) {
                    tree.addTree(baseCommit.getTree());
                    tree.setRecursive(true);
                    while (tree.next()) {
                        String path = tree.getPathString();
                        if (path.startsWith(options.directory())) {
                            if (tree.getFileMode(0) == FileMode.REGULAR_FILE) {
                                existing.put(path, tree.getObjectId(0));
                            } else {
                                existing.put(path, ObjectId.zeroId()); // anything else there is replaced or removed
                            }
                        } else {
                            builder.add(entry(path, tree.getFileMode(0), tree.getObjectId(0)));
                        }
                    }
                }
            }
            int changed = 0;
            for (Map.Entry<String, byte[]> file : wanted.entrySet()) {
                ObjectId blob = inserter.idFor(Constants.OBJ_BLOB, file.getValue());
                if (!blob.equals(existing.get(file.getKey()))) {
                    inserter.insert(Constants.OBJ_BLOB, file.getValue());
                    changed++;
                }
                builder.add(entry(file.getKey(), FileMode.REGULAR_FILE, blob));
            }
            for (String path : existing.keySet()) {
                if (!wanted.containsKey(path)) {
                    changed++;
                }
            }
            builder.finish();
            ObjectId tree = index.writeTree(inserter);
            if (changed == 0 || (baseCommit != null && tree.equals(baseCommit.getTree()))) {
                return null;
            }
            PersonIdent bot = new PersonIdent(options.authorName(), options.authorEmail());
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            if (baseCommit != null) {
                commit.setParentId(baseCommit);
            }
            commit.setAuthor(bot);
            commit.setCommitter(bot);
            commit.setMessage("status: applied " + shortSha(sourceCommit) + " (" + changed + " changed)\n\n"
                    + "Source commit: " + (sourceCommit == null ? "unknown" : sourceCommit) + "\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return new PreparedCommit(id, changed);
        } catch (IOException | RuntimeException e) {
            throw localFailure("building the status commit", e);
        }
    }

    private static DirCacheEntry entry(String path, FileMode mode, ObjectId id) {
        DirCacheEntry entry = new DirCacheEntry(path);
        entry.setFileMode(mode);
        entry.setObjectId(id);
        return entry;
    }

    private static boolean retryable(RemoteRefUpdate update) {
        return switch (update.getStatus()) {
            case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> true;
            case REJECTED_OTHER_REASON -> {
                String message = String.valueOf(update.getMessage()).toLowerCase(Locale.ROOT);
                // Lock failures and stale expectations clear up on retry; hooks and permissions do not.
                yield !(message.contains("denied") || message.contains("declined") || message.contains("hook"));
            }
            default -> false;
        };
    }

    private static String describe(RemoteRefUpdate update) {
        String message = update.getMessage();
        return update.getStatus().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }

    private ObjectId remoteHead() throws GitFetchException {
        var ref = mirror.remoteBranches().get(branchRef);
        return ref == null ? null : ref.getObjectId();
    }

    private boolean hasObject(Repository repository, ObjectId id) throws GitFetchException {
        try {
            return repository.getObjectDatabase().has(id);
        } catch (IOException e) {
            throw localFailure("looking up " + id.name(), e);
        }
    }

    private GitFetchException localFailure(String doing, Exception e) {
        return mirror.localFailure(doing, e);
    }

    private static String shortSha(String commit) {
        if (commit == null || commit.isBlank()) {
            return "unknown";
        }
        return commit.length() > 7 ? commit.substring(0, 7) : commit;
    }
}
