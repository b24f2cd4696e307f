package dev.modeldeploy.plan;

import dev.modeldeploy.git.GitFetchException;
import dev.modeldeploy.git.auth.GitCredentials;
import dev.modeldeploy.git.auth.RemoteAccess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * Reads commits of one repository for a plan. A local repository (a plain path or {@code file://} URL, working
 * copy or bare) is opened where it is; a remote one is fetched once into a private bare repository under the work
 * directory: every branch (as {@code refs/remotes/origin/*}), every tag, and any full ref name asked for (such as
 * {@code refs/pull/12/head}). Credentials come from files or environment variables through git-watcher's
 * {@link RemoteAccess}; every message is scrubbed of them.
 */
final class GitRefReader implements AutoCloseable {
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-fA-F]{7,40}");
    private static final Set<String> UNSAFE_NAMES = Set.of("", ".", "..", ".git");

    private final RemoteAccess access;
    private final Repository repository;
    private final boolean remote;

    private GitRefReader(RemoteAccess access, Repository repository, boolean remote) {
        this.access = access;
        this.repository = repository;
        this.remote = remote;
    }

    /**
     * @param fullRefs full ref names (starting with {@code refs/}) a remote fetch must also bring
     */
    static GitRefReader open(String repo, GitCredentials credentials, Duration timeout, Path workDir,
                             Function<String, String> environment, List<String> fullRefs) throws PlanException {
        RemoteAccess access;
        try {
            access = RemoteAccess.open(repo, credentials, timeout, workDir.resolve("ssh-home"), environment);
        } catch (IllegalArgumentException e) {
            throw new PlanException(e.getMessage());
        }
        try {
            if (access.protocol() == RemoteAccess.Protocol.LOCAL) {
                return new GitRefReader(access, openLocal(access), false);
            }
            return new GitRefReader(access, fetch(access, workDir.resolve("repository.git"), fullRefs), true);
        } catch (PlanException | RuntimeException e) {
            access.close();
            throw e;
        }
    }

    /** The repository as it may be printed (credentials removed). */
    String displayUrl() {
        return access.displayUrl();
    }

    String scrub(String text) {
        return access.scrubber().scrub(text);
    }

    /**
     * The commit a branch name, {@code origin/<branch>}, tag, full ref or (abbreviated) commit id names.
     */
    ObjectId resolve(String ref) throws PlanException {
        if (ref == null || ref.isBlank()) {
            throw new PlanException("an empty ref was given");
        }
        String name = ref.strip();
        List<String> candidates = new ArrayList<>();
        candidates.add(name);
        if (remote && !name.startsWith("refs/")) {
            candidates.add("refs/remotes/origin/" + name);
        }
        if (!remote && name.startsWith("origin/")) {
            // a bare repository or a local clone without remotes still has the branch itself
            candidates.add(name.substring("origin/".length()));
        }
        for (String candidate : candidates) {
            ObjectId id = tryResolve(candidate);
            if (id != null) {
                return id;
            }
        }
        if (remote && COMMIT_ID.matcher(name).matches() && name.length() == 40) {
            fetchCommit(name);
            ObjectId id = tryResolve(name);
            if (id != null) {
                return id;
            }
        }
        throw new PlanException("ref '" + scrub(name) + "' names no branch, tag or commit in " + displayUrl());
    }

    /**
     * Writes the regular files under {@code folder} ("" = the whole tree) of {@code commit} into {@code target};
     * symbolic links, submodules and names that could escape the target are skipped.
     *
     * @return the number of files written; 0 when the folder does not exist at that commit
     */
    int checkout(ObjectId commit, String folder, Path target) throws PlanException {
        String prefix = folder.isEmpty() ? "" : folder + "/";
        Path root = target.toAbsolutePath().normalize();
        int written = 0;
        try (RevWalk walk = new RevWalk(repository);
             TreeWalk tree = new TreeWalk(repository);
             ObjectReader reader = repository.newObjectReader()) {
            RevCommit parsed = walk.parseCommit(commit);
            Files.createDirectories(root);
            tree.addTree(parsed.getTree());
            tree.setRecursive(true);
            if (!folder.isEmpty()) {
                tree.setFilter(PathFilter.create(folder));
            }
            while (tree.next()) {
                String path = tree.getPathString();
                FileMode mode = tree.getFileMode(0);
                if (!path.startsWith(prefix) || (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE)) {
                    continue;
                }
                String relative = path.substring(prefix.length());
                if (!isSafe(relative)) {
                    continue;
                }
                Path file = root.resolve(relative).normalize();
                if (!file.startsWith(root)) {
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (OutputStream out = Files.newOutputStream(file)) {
                    reader.open(tree.getObjectId(0)).copyTo(out);
                }
                written++;
            }
            return written;
        } catch (IOException e) {
            throw new PlanException("cannot check out " + commit.name() + " of " + displayUrl() + ": "
                    + scrub(e.getMessage()));
        }
    }

    @Override
    public void close() {
        repository.close();
        access.close();
    }

    private ObjectId tryResolve(String revision) throws PlanException {
        try {
            return repository.resolve(revision + "^{commit}");
        } catch (RevisionSyntaxException e) {
            return null;
        } catch (IOException e) {
            // ambiguous abbreviations and tags of non-commits land here; the message says which
            throw new PlanException("ref '" + scrub(revision) + "' in " + displayUrl() + ": " + scrub(e.getMessage()));
        }
    }

    private static Repository openLocal(RemoteAccess access) throws PlanException {
        Path path = Path.of(access.uri().getPath());
        if (!Files.isDirectory(path)) {
            throw new PlanException("repository " + access.displayUrl() + " does not exist");
        }
        try {
            return Git.open(path.toFile()).getRepository();
        } catch (RepositoryNotFoundException e) {
            throw new PlanException(access.displayUrl() + " is not a Git repository (neither a working copy nor a bare one)");
        } catch (IOException e) {
            throw new PlanException("cannot open repository " + access.displayUrl() + ": " + e.getMessage());
        }
    }

    private static Repository fetch(RemoteAccess access, Path gitDir, List<String> fullRefs) throws PlanException {
        Repository repository;
        try {
            Files.createDirectories(gitDir);
            repository = Git.init().setBare(true).setGitDir(gitDir.toFile()).setDirectory(gitDir.toFile()).call()
                    .getRepository();
        } catch (Exception e) {
            throw new PlanException("cannot create a local repository in " + gitDir + ": " + e.getMessage());
        }
        List<RefSpec> specs = new ArrayList<>(List.of(
                new RefSpec("+refs/heads/*:refs/remotes/origin/*"),
                new RefSpec("+refs/tags/*:refs/tags/*")));
        for (String ref : fullRefs) {
            if (ref.startsWith("refs/") && !ref.startsWith("refs/heads/") && !ref.startsWith("refs/tags/")
                    && !ref.contains("*")) {
                specs.add(new RefSpec("+" + ref + ":" + ref));
            }
        }
        try {
            access.configure(Git.wrap(repository).fetch().setRemote(access.url()).setRefSpecs(specs)
                    .setTagOpt(TagOpt.NO_TAGS)).call();
            return repository;
        } catch (GitFetchException e) {
            repository.close();
            throw new PlanException(e.getMessage());
        } catch (Exception e) {
            repository.close();
            throw new PlanException(access.failure("fetch", e).getMessage());
        }
    }

    /** Servers that allow fetching any reachable commit by id answer this; others refuse and the ref stays unknown. */
    private void fetchCommit(String id) {
        try {
            access.configure(Git.wrap(repository).fetch().setRemote(access.url())
                    .setRefSpecs(new RefSpec("+" + id + ":refs/plan/" + id)).setTagOpt(TagOpt.NO_TAGS)).call();
        } catch (Exception e) {
            // the caller reports the ref as unknown
        }
    }

    private static boolean isSafe(String relative) {
        for (String part : relative.split("/", -1)) {
            if (UNSAFE_NAMES.contains(part) || part.contains("\\")) {
                return false;
            }
        }
        return true;
    }
}
