package dev.modeldeploy.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the README's commands run against: the real {@code bin/modeldeploy} script, a daemon it started on the
 * embedded default, and a home folder per README with a Git identity and the client config pointing at that daemon.
 *
 * <p>The commands are run as written, from the repository root, with exactly two rewrites so they reach this
 * daemon and not whatever a developer may run on the default port and state dir: {@code localhost:8080} becomes
 * the daemon's port, and a leading {@code .modeldeploy/} becomes its state dir. {@code ~} is the README's temporary
 * home, for the shell through HOME and for the CLI through {@code -Duser.home} (MODELDEPLOY_JAVA_OPTS).
 */
final class ReadmeSession implements AutoCloseable {
    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    static final Duration BLOCK_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern SERVING = Pattern.compile("serving on http://localhost:(\\d+)");
    private static final Pattern STATE_DIR = Pattern.compile("(?<![\\w./~-])\\.modeldeploy(?=/)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path root;
    private final Path work;
    private final Path stateDir;
    private final Path daemonLog;
    private Process daemon;
    private int port;

    private ReadmeSession(Path root, Path work) {
        this.root = root;
        this.work = work;
        this.stateDir = work.resolve("state");
        this.daemonLog = work.resolve("daemon.log");
    }

    /** Builds the jar through the script (it builds only when missing or stale), then starts the daemon. */
    static ReadmeSession start(Path root, Path work) throws IOException, InterruptedException {
        ReadmeSession session = new ReadmeSession(root, work);
        try {
            session.build();
            session.startDaemon();
            return session;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            session.close();
            throw e;
        }
    }

    private void build() throws IOException, InterruptedException {
        Path log = work.resolve("build.log");
        Process build = new ProcessBuilder(root.resolve("bin/modeldeploy").toString(), "--version")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!build.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            destroyTree(build);
            throw new AssertionError("bin/modeldeploy --version (building the jar) took over " + BUILD_TIMEOUT + ":\n" + tail(log));
        }
        if (build.exitValue() != 0) {
            throw new AssertionError("bin/modeldeploy --version exited " + build.exitValue() + ":\n" + tail(log));
        }
    }

    private void startDaemon() throws IOException, InterruptedException {
        Path home = home("daemon");
        ProcessBuilder builder = new ProcessBuilder(root.resolve("bin/modeldeploy").toString(), "run",
                "--state-dir", stateDir.toString(), "--port", "0")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(daemonLog.toFile());
        environment(builder.environment(), home);
        daemon = builder.start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (port == 0) {
            if (!daemon.isAlive()) {
                throw new AssertionError("bin/modeldeploy run exited " + daemon.exitValue() + ":\n" + tail(daemonLog));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("bin/modeldeploy run did not report its port within " + START_TIMEOUT + ":\n"
                        + tail(daemonLog));
            }
            Matcher serving = SERVING.matcher(Files.readString(daemonLog, StandardCharsets.UTF_8));
            if (serving.find()) {
                port = Integer.parseInt(serving.group(1));
            } else {
                Thread.sleep(200);
            }
        }
        while (readyStatus() != 200) {
            if (!daemon.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("the daemon never answered /readyz with 200:\n" + tail(daemonLog));
            }
            Thread.sleep(200);
        }
    }

    private int readyStatus() throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/readyz"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * A home folder of its own for one README: a Git identity (the walk-throughs commit), and
     * ~/.modeldeploy/config naming this daemon, as a user would write it.
     */
    Path home(String name) throws IOException {
        Path home = work.resolve("home-" + name);
        Files.createDirectories(home.resolve(".modeldeploy"));
        Files.writeString(home.resolve(".gitconfig"), """
                [user]
                \tname = README reader
                \temail = reader@example.com
                [init]
                \tdefaultBranch = main
                """);
        Files.writeString(home.resolve(".modeldeploy/config"), "url: http://localhost:" + port + "\n");
        return home;
    }

    /** The README text of a command as this session runs it. */
    String rewrite(String command) {
        String local = command.replace("localhost:8080", "localhost:" + port);
        return STATE_DIR.matcher(local).replaceAll(Matcher.quoteReplacement(stateDir.toString()));
    }

    /** The result of one block: its exit code (-1 on time-out) and everything it printed. */
    record Outcome(int exitCode, String output) {
    }

    /**
     * Runs the block's commands in one bash, in order, from the repository root; after each command its exit code is
     * compared with the expected one and the script stops at the first mismatch, naming the README line.
     */
    Outcome run(List<ReadmeCommands.Command> commands, Path home) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder("cd ").append(quote(root.toString())).append('\n');
        for (ReadmeCommands.Command command : commands) {
            int expected = CommandCoverage.expectedExitCode(command);
            script.append(rewrite(command.text())).append('\n');
            script.append("__rc=$?; if [ \"$__rc\" -ne ").append(expected).append(" ]; then echo ")
                    .append(quote(">>> README command at " + command.where() + " exited "))
                    .append("\"$__rc\"").append(quote(", expected " + expected + ": " + command.normalized()))
                    .append(" >&2; exit 97; fi\n");
        }
        Path scriptFile = Files.createTempFile(work, "block-", ".sh");
        Files.writeString(scriptFile, script);
        Path output = Files.createTempFile(work, "block-", ".out");
        ProcessBuilder builder = new ProcessBuilder("bash", scriptFile.toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        environment(builder.environment(), home);
        Process process = builder.start();
        if (!process.waitFor(BLOCK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            destroyTree(process);
            return new Outcome(-1, Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Outcome(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private static void environment(Map<String, String> env, Path home) {
        env.put("HOME", home.toString());
        env.put("MODELDEPLOY_JAVA_OPTS", "-Duser.home=" + home);
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.remove("XDG_CONFIG_HOME");
        env.remove("GIT_CONFIG_GLOBAL");
        env.remove("MODELDEPLOY_CONFIG");
        env.remove("MODELDEPLOY_TOKEN");
        env.remove("KUBECONFIG");
    }

    String daemonLogTail() {
        return tail(daemonLog);
    }

    @Override
    public void close() {
        if (daemon == null) {
            return;
        }
        daemon.destroy();
        try {
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                destroyTree(daemon);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroyTree(daemon);
        }
    }

    private static void destroyTree(Process process) {
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    static String tail(Path file) {
        try {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            return text.length() > 6000 ? "..." + text.substring(text.length() - 6000) : text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tailOf(String text) {
        return text.length() > 6000 ? "..." + text.substring(text.length() - 6000) : text;
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
