package dev.modeldeploy.git.mirror;

import dev.modeldeploy.git.GitFetchException;
import dev.modeldeploy.git.GitFetchException.Category;
import dev.modeldeploy.git.GitSource;
import dev.modeldeploy.git.auth.RemoteAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one local copy of a watched remote: a bare repository under {@code cacheDir/watch.git}, the remote access
 * (credentials, SSH client, scrubbing) and the lock that serializes talking to the remote. The watcher fetches the
 * watched branch into it and the status publisher fetches and pushes the status branch from it; each branch is
 * tracked under {@code refs/remotes/origin/<branch>}, so neither sees the other's commits.
 *
 * <p>Every method is serialized. A push names the head it expects to replace and is never forced. Close it once, after
 * the watcher and publisher sharing it.
 */
public final class LocalMirror implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalMirror.class);
    /** The name the watcher's cache always had, so caches from earlier versions are reused. */
    public static final String REPOSITORY = "watch.git";
    private static final String SSH_HOME = "ssh-home";

    private final GitSource source;
    private final RemoteAccess access;
    private Repository repository;

    private LocalMirror(GitSource source, RemoteAccess access) {
        this.source = source;
        this.access = access;
    }

    /**
     * @param environment environment variable lookup for {@code tokenEnv}/{@code passwordEnv}
     * @throws IllegalArgumentException when the URL is malformed or embeds a password (the message is scrubbed)
     */
    public static LocalMirror open(GitSource source, Function<String, String> environment) {
        return new LocalMirror(source, RemoteAccess.open(source.url(), source.credentials(), source.timeout(),
                source.cacheDir().resolve(SSH_HOME), environment));
    }

    public GitSource source() {
        return source;
    }

    /** The remote URL as it may be logged (credentials removed). */
    public String displayUrl() {
        return access.displayUrl();
    }

    /** Where the local repository lives. */
    public Path directory() {
        return source.cacheDir().resolve(REPOSITORY);
    }

    /** The ref the last fetch or push of {@code branch} left its remote head in. */
    public static String trackingRef(String branch) {
        return Constants.R_REMOTES + Constants.DEFAULT_REMOTE_NAME + "/" + branch;
    }

    /** The remote's branch heads by full ref name ({@code refs/heads/...}), from a cheap ref advertisement. */
    public synchronized Map<String, Ref> remoteBranches() throws GitFetchException {
        try {
            return access.configure(Git.lsRemoteRepository().setRemote(access.url()).setHeads(true)).callAsMap();
        } catch (GitFetchException e) {
            throw e;
        } catch (Exception e) {
            throw access.failure("ls-remote", e);
        }
    }

    /** The local repository, opened or created on first use; one that cannot be opened is started over. */
    public synchronized Repository repository() throws GitFetchException {
        if (repository != null) {
            return repository;
        }
        Path dir = directory();
        if (Files.isRegularFile(dir.resolve("HEAD"))) {
            try {
                repository = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
                return repository;
            } catch (IOException | RuntimeException e) {
                // Only a copy of the remote: start over rather than fail every operation.
                LOG.warn("Git cache {} is unusable ({}); fetching again from scratch", dir, e.toString());
                deleteTree(dir);
            }
        }
        return create(dir);
    }

    /** Deletes the local repository and starts an empty one (e.g. when it lost objects). */
    public synchronized Repository reset() throws GitFetchException {
        if (repository != null) {
            repository.close();
            repository = null;
        }
        deleteTree(directory());
        return create(directory());
    }

    /** Fetches {@code branch} (only it, no tags) into {@link #trackingRef}. */
    public synchronized void fetch(String branch) throws GitFetchException {
        Repository local = repository();
        RefSpec spec = new RefSpec("+" + Constants.R_HEADS + branch + ":" + trackingRef(branch));
        try {
            access.configure(Git.wrap(local).fetch()
                    .setRemote(access.url())
                    .setRefSpecs(spec)
                    .setTagOpt(TagOpt.NO_TAGS))
                    .call();
        } catch (GitFetchException e) {
            throw e;
        } catch (Exception e) {
            throw access.failure("fetch " + branch + " from", e);
        }
    }

    /** The local head of {@link #trackingRef}, or null when the branch was never fetched. */
    public synchronized ObjectId trackedHead(String branch) throws GitFetchException {
        try {
            Ref ref = repository().exactRef(trackingRef(branch));
            return ref == null ? null : ref.getObjectId();
        } catch (IOException e) {
            throw localFailure("reading " + trackingRef(branch), e);
        }
    }

    /**
     * Pushes {@code commit} to {@code branch} only if the remote head is still {@code expectedOld} (null: the branch
     * must not exist). Never forced; the caller reads the outcome from the returned update.
     */
    public synchronized RemoteRefUpdate push(ObjectId commit, String branch, ObjectId expectedOld)
            throws GitFetchException {
        Repository local = repository();
        try (Transport transport = access.openTransport(local)) {
            RemoteRefUpdate update = new RemoteRefUpdate(local, commit.name(), commit, Constants.R_HEADS + branch,
                    false, trackingRef(branch), expectedOld == null ? ObjectId.zeroId() : expectedOld);
            transport.push(NullProgressMonitor.INSTANCE, List.of(update));
            return update;
        } catch (GitFetchException e) {
            throw e;
        } catch (Exception e) {
            throw access.failure("push to " + branch + " of", e);
        }
    }

    /** A secret-free failure found by the caller (see {@link RemoteAccess#failure(Category, String, String)}). */
    public GitFetchException failure(Category category, String operation, String detail) {
        return access.failure(category, operation, detail);
    }

    /** A secret-free failure of local work on the mirror. */
    public GitFetchException localFailure(String doing, Exception e) {
        return new GitFetchException(Category.OTHER, access.scrubber().scrub("local Git cache under "
                + source.cacheDir() + ": " + doing + " failed: " + e), access.scrubber().scrubbedCopy(e));
    }

    @Override
    public synchronized void close() {
        if (repository != null) {
            repository.close();
            repository = null;
        }
        access.close();
    }

    private Repository create(Path dir) throws GitFetchException {
        try {
            Files.createDirectories(dir);
            repository = Git.init().setBare(true).setGitDir(dir.toFile()).setDirectory(dir.toFile()).call()
                    .getRepository();
            return repository;
        } catch (Exception e) {
            throw localFailure("creating the cache repository " + dir, e);
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
}
