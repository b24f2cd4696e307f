package dev.modeldeploy.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the kubectl built in testenv/ against a kubeconfig, as a user would from a shell. */
public final class Kubectl {
    /** What one kubectl call printed and how it exited. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private final Path binary;
    private final Path kubeconfig;

    public Kubectl(Path binary, Path kubeconfig) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
    }

    public static Kubectl forServer(KubeApiServer server) {
        return new Kubectl(TestenvBinaries.locate().kubectl(), server.kubeconfig());
    }

    public Result run(String... arguments) {
        return run(Map.of(), arguments);
    }

    public Result run(Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.addAll(List.of(arguments));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Path out = java.nio.file.Files.createTempFile("kubectl", ".out");
            Path err = java.nio.file.Files.createTempFile("kubectl", ".err");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl " + String.join(" ", arguments) + " did not finish in 60 s");
            }
            Result result = new Result(process.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
            java.nio.file.Files.deleteIfExists(out);
            java.nio.file.Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kubectl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running kubectl", e);
        }
    }
}
