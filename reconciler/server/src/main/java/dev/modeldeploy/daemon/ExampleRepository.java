package dev.modeldeploy.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default's Git source: a bare repository under the state dir, seeded once from the shipped
 * {@code examples-repo/} folder. It is a real repository so the whole loop can be tried: clone it, change a
 * manifest, push, and watch the daemon reconcile.
 */
public final class ExampleRepository {
    private static final Logger log = LoggerFactory.getLogger(ExampleRepository.class);
    public static final String BRANCH = "main";

    private ExampleRepository() {
    }

    /** Returns the bare repository, creating and seeding it when it does not exist yet (an existing one is kept). */
    public static Path ensure(Path examplesDir, Path bareRepo) {
        if (Files.isDirectory(bareRepo.resolve("objects"))) {
            return bareRepo;
        }
        if (!Files.isDirectory(examplesDir)) {
            throw new IllegalStateException("the example repository folder " + examplesDir
                    + " is missing; run from the modeldeploy checkout or pass --repo URL");
        }
        Path work = null;
        try {
            Files.createDirectories(bareRepo);
            Git.init().setBare(true).setInitialBranch(BRANCH).setDirectory(bareRepo.toFile()).call().close();
            work = Files.createTempDirectory("modeldeploy-seed");
            try (Git git = Git.cloneRepository().setURI(bareRepo.toUri().toString())
                    .setDirectory(work.toFile()).call()) {
                copyTree(examplesDir, work);
                git.add().addFilepattern(".").call();
                PersonIdent bot = new PersonIdent("modeldeploy", "modeldeploy@localhost");
                git.commit().setMessage("Import the example repository").setAuthor(bot).setCommitter(bot).call();
                git.push().setRemote("origin").add("HEAD:refs/heads/" + BRANCH).call();
            }
            log.info("seeded the example Git repository {} from {}", bareRepo, examplesDir);
            return bareRepo;
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("cannot create the example repository at " + bareRepo + ": " + e.getMessage(), e);
        } finally {
            if (work != null) {
                deleteTree(work);
            }
        }
    }

    /** Finds examples-repo/ in the working directory or beside the installed jar (e.g. reconciler/cli/target/lib/..). */
    public static Path locateExamples() {
        Path cwd = Path.of("examples-repo");
        if (Files.isDirectory(cwd)) {
            return cwd.toAbsolutePath();
        }
        try {
            Path jar = Path.of(ExampleRepository.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("examples-repo"))) {
                    return dir.resolve("examples-repo");
                }
            }
        } catch (Exception e) {
            log.debug("cannot locate the jar to find examples-repo", e);
        }
        return cwd.toAbsolutePath();
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.debug("could not delete temporary folder {}", root, e);
        }
    }
}
