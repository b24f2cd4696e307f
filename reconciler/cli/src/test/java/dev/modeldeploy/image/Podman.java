package dev.modeldeploy.image;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The podman command line, always with runc (the runtime that runs containers on the project's machines). Output goes
 * through files, so a chatty container can never block on a full pipe.
 */
final class Podman {
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        boolean succeeded() {
            return exitCode == 0;
        }

        String describe() {
            return String.join(" ", command) + " exited " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private final Path executable;
    private final Path workDir;
    private final Map<String, String> environment;

    private Podman(Path executable, Path workDir, Map<String, String> environment) {
        this.executable = executable;
        this.workDir = workDir;
        this.environment = environment;
    }

    /** podman from the PATH, or empty when it is not installed. */
    static Optional<Podman> onPath(Path workDir) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "podman");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new Podman(candidate, workDir, Map.of()));
            }
        }
        return Optional.empty();
    }

    /**
     * The same podman without the raised open-file and process limits it gives containers by default. Sandboxed
     * machines refuse a container's setrlimit ("error setting rlimit type 7"); podman 4.3 has no flag against it, only
     * default_ulimits in containers.conf, so this writes a containers.conf of its own rather than edit the machine's.
     */
    Podman withoutDefaultUlimits() throws IOException {
        Path conf = workDir.resolve("containers.conf");
        Files.writeString(conf, "[containers]\ndefault_ulimits = []\n");
        Map<String, String> env = new HashMap<>(environment);
        env.put("CONTAINERS_CONF", conf.toString());
        return new Podman(executable, workDir, Map.copyOf(env));
    }

    Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--runtime", "runc"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "podman", ".out");
        Path err = Files.createTempFile(workDir, "podman", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                        + "\nstdout:\n" + read(out) + "\nstderr:\n" + read(err));
            }
            return new Result(command, process.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
