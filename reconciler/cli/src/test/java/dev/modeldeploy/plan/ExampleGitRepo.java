package dev.modeldeploy.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Git repository built with the real {@code git} client from the project's example repository: main holds
 * the examples, and tests make branches off it. Author and committer are fixed, and every commit's date is a fixed
 * step after the previous one, so commit ids are the same on every run. The client runs with its own HOME and no
 * system configuration.
 */
public final class ExampleGitRepo {
    public static final String MAIN = "main";
    private static final long FIRST_COMMIT_EPOCH = 1_700_000_000L;

    private final Path work;
    private final Path home;
    private long commits;

    private ExampleGitRepo(Path work, Path home) {
        this.work = work;
        this.home = home;
    }

    /** A working copy at {@code dir}/work with the examples committed on main. */
    public static ExampleGitRepo create(Path dir) {
        ExampleGitRepo repo = new ExampleGitRepo(dir.resolve("work"), dir.resolve("git-home"));
        try {
            Files.createDirectories(repo.work);
            Files.createDirectories(repo.home);
            copyTree(examples(), repo.work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        repo.git("init", "--quiet", "--initial-branch=" + MAIN, ".");
        repo.git("add", "--all");
        repo.commit("Example manifests");
        return repo;
    }

    public Path work() {
        return work;
    }

    /** The project's examples-repo folder, found from the module directory the tests run in. */
    public static Path examples() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples-repo");
            if (Files.isDirectory(candidate.resolve("deployments"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("examples-repo not found above " + Path.of("").toAbsolutePath());
    }

    /** Starts a new branch at {@code from} and checks it out. */
    public ExampleGitRepo branch(String name, String from) {
        git("checkout", "--quiet", "-b", name, from);
        return this;
    }

    public ExampleGitRepo checkout(String name) {
        git("checkout", "--quiet", name);
        return this;
    }

    public ExampleGitRepo write(String path, String content) {
        try {
            Path file = work.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public String read(String path) {
        try {
            return Files.readString(work.resolve(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ExampleGitRepo delete(String path) {
        git("rm", "--quiet", "--", path);
        return this;
    }

    /** Stages everything and commits; returns the commit id. */
    public String commit(String message) {
        git("add", "--all");
        commits++;
        git("commit", "--quiet", "--allow-empty", "-m", message);
        return git("rev-parse", "HEAD");
    }

    public String revParse(String ref) {
        return git("rev-parse", ref);
    }

    /** A bare clone at {@code target} with every branch and tag (what a server would hold). */
    public Path bareClone(Path target) {
        git("clone", "--quiet", "--bare", work.toString(), target.toString());
        return target;
    }

    public String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Plan Test",
                "-c", "user.email=plan-test@example.com", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false",
                "-c", "advice.detachedHead=false", "-c", "tag.gpgsign=false"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("LC_ALL", "C");
        String date = "@" + (FIRST_COMMIT_EPOCH + commits * 60) + " +0000";
        env.put("GIT_AUTHOR_DATE", date);
        env.put("GIT_COMMITTER_DATE", date);
        env.remove("GIT_DIR");
        env.remove("GIT_WORK_TREE");
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
            }
            return output.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path relative = from.relativize(source);
                if (relative.toString().startsWith(".git")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
