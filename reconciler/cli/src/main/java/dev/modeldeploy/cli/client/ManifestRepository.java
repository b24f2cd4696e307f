package dev.modeldeploy.cli.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * A temporary clone of the repository the daemon watches, where the CLI changes manifests, commits with the
 * user's identity and pushes with the user's own credentials (GIT_USERNAME / GIT_TOKEN; none for local paths and
 * SSH, which uses ~/.ssh).
 */
final class ManifestRepository implements AutoCloseable {

    /** A document of some file under the manifest folder; file is relative to the repository root, '/'-separated. */
    record Located(String file, ManifestDocuments.Document document) {
    }

    private final Path root;
    private final Git git;
    private final String folder;
    private final String branch;
    private final CredentialsProvider credentials;
    private final ClientEnvironment environment;
    private final Set<String> missingAfterFetch = new HashSet<>();

    private ManifestRepository(Path root, Git git, String folder, String branch, CredentialsProvider credentials,
                               ClientEnvironment environment) {
        this.root = root;
        this.git = git;
        this.folder = folder;
        this.branch = branch;
        this.credentials = credentials;
        this.environment = environment;
    }

    static ManifestRepository cloneFrom(DaemonClient.Source source, ClientEnvironment environment) {
        if (source.repo() == null || source.repo().isBlank()) {
            throw new CliException("the daemon does not say which Git repository it watches, so the CLI cannot "
                    + "commit there; commit the manifest to the repository yourself");
        }
        String branch = source.branch() == null ? "main" : source.branch();
        CredentialsProvider credentials = credentials(environment);
        Path root;
        try {
            root = Files.createTempDirectory("modeldeploy-cli-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Git git = Git.cloneRepository()
                    .setURI(source.repo())
                    .setBranch(branch)
                    .setDirectory(root.toFile())
                    .setCredentialsProvider(credentials)
                    .call();
            if (git.getRepository().resolve("HEAD") == null) {
                git.close();
                throw new CliException("branch " + branch + " does not exist in " + source.repo());
            }
            String folder = source.path() == null ? "" : trimSlashes(source.path());
            return new ManifestRepository(root, git, folder, branch, credentials, environment);
        } catch (GitAPIException e) {
            deleteTree(root);
            throw new CliException("cannot clone " + source.repo() + " (branch " + branch + "): "
                    + e.getMessage() + credentialsHint(e));
        } catch (CliException | IOException e) {
            deleteTree(root);
            throw e instanceof CliException c ? c : new CliException("cannot clone " + source.repo() + ": " + e.getMessage());
        }
    }

    /** The manifest folder inside the clone. */
    Path folder() {
        return folder.isEmpty() ? root : root.resolve(folder);
    }

    /** The manifest folder relative to the repository root ("" for the whole repository). */
    String folderInRepository() {
        return folder;
    }

    /** Where a new manifest with this id goes: {@code <path>/<id>.yaml}, relative to the repository root. */
    String fileFor(String id) {
        return folder.isEmpty() ? id + ".yaml" : folder + "/" + id + ".yaml";
    }

    Path resolve(String file) {
        return root.resolve(file);
    }

    /** Every manifest document under the folder, skipping what the daemon skips (hidden entries, status/). */
    List<Located> documents() {
        Path base = folder();
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(base, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    boolean skip = !dir.equals(base) && (dir.getFileName().toString().startsWith(".")
                            || base.relativize(dir).toString().equals("status"));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                    if (attrs.isRegularFile() && !name.startsWith(".")
                            && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(Comparator.naturalOrder());
        List<Located> found = new ArrayList<>();
        for (Path file : files) {
            String relative = relative(file);
            for (ManifestDocuments.Document document : ManifestDocuments.split(read(file))) {
                found.add(new Located(relative, document));
            }
        }
        return found;
    }

    Optional<Located> find(ManifestKind kind, String id) {
        return documents().stream()
                .filter(l -> kind.kind().equals(l.document().kind()) && id.equals(l.document().id()))
                .findFirst();
    }

    String read(String file) {
        return read(resolve(file));
    }

    void write(String file, String text) {
        try {
            Path target = resolve(file);
            Files.createDirectories(target.getParent());
            Files.writeString(target, text);
            git.add().addFilepattern(file).call();
        } catch (IOException | GitAPIException e) {
            throw new CliException("cannot write " + file + " in the clone: " + e.getMessage());
        }
    }

    void delete(String file) {
        try {
            git.rm().addFilepattern(file).call();
        } catch (GitAPIException e) {
            throw new CliException("cannot remove " + file + " in the clone: " + e.getMessage());
        }
    }

    /**
     * Commits the staged change and pushes it to targetBranch (the watched branch or a new one); the commit id, or
     * null when the change leaves the repository as it was (nothing is committed then).
     */
    String commitAndPush(String message, String targetBranch) {
        try {
            if (git.status().call().isClean()) {
                return null;
            }
            var commit = git.commit().setMessage(message);
            PersonIdent author = authorFromEnvironment();
            if (author != null) {
                commit.setAuthor(author).setCommitter(author);
            }
            RevCommit created = commit.call();
            PushCommand push = git.push()
                    .setRemote("origin")
                    .setRefSpecs(new RefSpec("HEAD:refs/heads/" + targetBranch))
                    .setCredentialsProvider(credentials);
            for (PushResult result : push.call()) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    switch (update.getStatus()) {
                        case OK, UP_TO_DATE -> { }
                        case REJECTED_NONFASTFORWARD -> throw new CliException(targetBranch.equals(branch)
                                ? "push to " + targetBranch + " was rejected: someone pushed first; run the command again"
                                : "push to " + targetBranch + " was rejected: the branch already exists; choose another --branch");
                        default -> throw new CliException("push to " + targetBranch + " was rejected ("
                                + update.getStatus() + (update.getMessage() == null ? "" : ": " + update.getMessage())
                                + "); does the branch protect against direct pushes? use --branch NAME and open a pull request");
                    }
                }
            }
            return created.getName();
        } catch (GitAPIException e) {
            throw new CliException("cannot commit and push: " + e.getMessage() + credentialsHint(e));
        }
    }

    /** True when candidate is base or a later commit on top of it (fetching the branch to learn new commits). */
    boolean isAtOrAfter(String candidate, String base) {
        if (candidate == null) {
            return false;
        }
        if (candidate.equals(base)) {
            return true;
        }
        if (missingAfterFetch.contains(candidate)) {
            return false;
        }
        try {
            ObjectId candidateId = ObjectId.fromString(candidate);
            if (!git.getRepository().getObjectDatabase().has(candidateId)) {
                git.fetch().setRemote("origin").setCredentialsProvider(credentials).call();
            }
            if (!git.getRepository().getObjectDatabase().has(candidateId)) {
                // A commit the daemon reports is on the remote already; one fetch settles it.
                missingAfterFetch.add(candidate);
                return false;
            }
            try (RevWalk walk = new RevWalk(git.getRepository())) {
                return walk.isMergedInto(walk.parseCommit(ObjectId.fromString(base)), walk.parseCommit(candidateId));
            }
        } catch (IllegalArgumentException | IOException | GitAPIException e) {
            return false;
        }
    }

    String branch() {
        return branch;
    }

    @Override
    public void close() {
        git.close();
        deleteTree(root);
    }

    private PersonIdent authorFromEnvironment() {
        String name = environment.get("GIT_AUTHOR_NAME");
        String email = environment.get("GIT_AUTHOR_EMAIL");
        return name != null && email != null ? new PersonIdent(name, email) : null;
    }

    private String relative(Path file) {
        StringBuilder out = new StringBuilder();
        for (Path part : root.relativize(file)) {
            out.append(out.length() == 0 ? "" : "/").append(part);
        }
        return out.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static CredentialsProvider credentials(ClientEnvironment environment) {
        String token = environment.get("GIT_TOKEN");
        if (token == null) {
            return null;
        }
        String username = environment.get("GIT_USERNAME");
        return new UsernamePasswordCredentialsProvider(username == null ? "git" : username, token);
    }

    private static String credentialsHint(Exception e) {
        return e instanceof TransportException
                ? " (for HTTPS set GIT_USERNAME and GIT_TOKEN; for SSH check your keys in ~/.ssh)" : "";
    }

    private static String trimSlashes(String path) {
        String p = path.strip();
        while (p.startsWith("/") || p.startsWith("./")) {
            p = p.startsWith("./") ? p.substring(2) : p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.equals(".") ? "" : p;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp folder is harmless; the OS cleans it.
        }
    }
}
