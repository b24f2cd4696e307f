package dev.modeldeploy.kube;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The upstream servers built from testenv/'s Go module: etcd, kube-apiserver and kubectl. Missing binaries are
 * built with testenv/build.sh when Go is on the PATH; without Go the real-server tests are skipped with that
 * reason, except on CI, where a missing server is a failure rather than a silent skip.
 */
public final class TestenvBinaries {
    private static final Object BUILD_LOCK = new Object();
    private static final long BUILD_TIMEOUT_MINUTES = 40;

    private final Path bin;

    private TestenvBinaries(Path bin) {
        this.bin = bin;
    }

    public Path etcd() {
        return bin.resolve("etcd");
    }

    public Path kubeApiServer() {
        return bin.resolve("kube-apiserver");
    }

    public Path kubectl() {
        return bin.resolve("kubectl");
    }

    /** The binaries, built first if needed; empty with the reason in {@link Unavailable} otherwise. */
    public static TestenvBinaries locate() {
        Path testenv = testenvDir();
        synchronized (BUILD_LOCK) {
            TestenvBinaries binaries = new TestenvBinaries(testenv.resolve("bin"));
            if (binaries.allPresent()) {
                return binaries;
            }
            Optional<String> goMissing = goMissing();
            if (goMissing.isPresent()) {
                throw new Unavailable(goMissing.get() + ": cannot build kube-apiserver, etcd and kubectl in " + testenv
                        + " (see testenv/README.md)");
            }
            build(testenv);
            if (!binaries.allPresent()) {
                throw new IllegalStateException("testenv/build.sh finished but " + testenv.resolve("bin")
                        + " lacks etcd, kube-apiserver or kubectl");
            }
            return binaries;
        }
    }

    /** The repository's testenv/ folder, found from Maven's module folder or the repository root. */
    public static Path testenvDir() {
        String configured = System.getProperty("modeldeploy.testenvDir");
        if (configured != null && Files.isRegularFile(Path.of(configured, "go.mod"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("testenv/go.mod"))) {
                return dir.resolve("testenv").normalize();
            }
        }
        throw new IllegalStateException("cannot find testenv/go.mod above " + Path.of("").toAbsolutePath()
                + " (set -Dmodeldeploy.testenvDir)");
    }

    private boolean allPresent() {
        return List.of(etcd(), kubeApiServer(), kubectl()).stream().allMatch(Files::isExecutable);
    }

    private static Optional<String> goMissing() {
        try {
            Process process = new ProcessBuilder("go", "version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0
                    ? Optional.empty() : Optional.of("`go version` failed");
        } catch (IOException e) {
            return Optional.of("Go is not installed (no `go` on the PATH)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while looking for Go");
        }
    }

    private static void build(Path testenv) {
        Path log = testenv.resolve("bin/build.log");
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder("bash", testenv.resolve("build.sh").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("testenv/build.sh did not finish in " + BUILD_TIMEOUT_MINUTES
                        + " minutes; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("testenv/build.sh failed (exit " + process.exitValue() + "):\n"
                        + tail(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run testenv/build.sh: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the test servers", e);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            // klog marks errors and fatal lines with E and F; they may sit far above the last lines
            List<String> errors = lines.stream().filter(l -> l.matches("^[EF]\\d{4} .*")).limit(10).toList();
            List<String> last = lines.subList(Math.max(0, lines.size() - 20), lines.size());
            return String.join("\n", errors) + (errors.isEmpty() ? "" : "\n...\n") + String.join("\n", last);
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** The servers can't be had on this machine: tests that need them are skipped with this message. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }
}
