package dev.modeldeploy.git.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git} command-line client, isolated from the machine's configuration (own HOME, no system config,
 * never prompting), used where a user would: creating repositories, committing, pushing.
 */
public final class GitCli {

    /** Outcome of one command. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final Path home;
    private final List<String> extraConfig = new ArrayList<>();

    public GitCli(Path home) {
        this.home = home;
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds {@code -c key=value} to every later command (e.g. an HTTP auth header for a test server). */
    public GitCli withConfig(String keyValue) {
        extraConfig.add(keyValue);
        return this;
    }

    /** Runs git in {@code dir}; fails with git's stderr when it exits non-zero. Returns stdout, trimmed. */
    public String run(Path dir, String... args) {
        Result result = tryRun(dir, args);
        if (!result.ok()) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed (" + result.exitCode() + "): "
                    + result.stderr() + result.stdout());
        }
        return result.stdout().strip();
    }

    public Result tryRun(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git",
                "-c", "user.name=Test User", "-c", "user.email=test@example.com",
                "-c", "init.defaultBranch=main", "-c", "advice.detachedHead=false",
                "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"));
        for (String config : extraConfig) {
            command.add("-c");
            command.add(config);
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_ASKPASS", "/bin/false");
        env.put("LC_ALL", "C");
        env.remove("GIT_DIR");
        env.remove("GIT_WORK_TREE");
        try {
            Path out = Files.createTempFile(home, "git-out", ".txt");
            Path err = Files.createTempFile(home, "git-err", ".txt");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("git " + String.join(" ", args) + " did not finish in 60s");
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code git init --bare} at {@code dir} with default branch main. */
    public Path initBare(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        run(dir, "init", "--bare", "--quiet", "--initial-branch=main", ".");
        return dir;
    }

    /** A working clone of {@code url} at {@code dir} (an empty repository is fine). */
    public Path clone(String url, Path dir) {
        run(dir.getParent(), "clone", "--quiet", url, dir.getFileName().toString());
        return dir;
    }

    /** Writes {@code path} (relative, '/'-separated) in the work tree, stages and commits it; returns the commit id. */
    public String commitFile(Path work, String path, String content, String message) {
        try {
            Path file = work.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        run(work, "add", "--", path);
        run(work, "commit", "--quiet", "-m", message);
        return run(work, "rev-parse", "HEAD");
    }

    /** Removes {@code path}, commits; returns the commit id. */
    public String removeFile(Path work, String path, String message) {
        run(work, "rm", "--quiet", "--", path);
        run(work, "commit", "--quiet", "-m", message);
        return run(work, "rev-parse", "HEAD");
    }

    public void push(Path work, String branch) {
        run(work, "push", "--quiet", "origin", "HEAD:refs/heads/" + branch);
    }
}
