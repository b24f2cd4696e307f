package dev.modeldeploy.git.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code git daemon} serving every repository under a base path on loopback, receive-pack enabled. */
public final class GitDaemon implements AutoCloseable {

    private final Path basePath;
    private final int port;
    private Process process;

    private GitDaemon(Path basePath, int port) {
        this.basePath = basePath;
        this.port = port;
    }

    public static GitDaemon start(Path basePath) throws IOException {
        GitDaemon daemon = new GitDaemon(basePath, freePort());
        daemon.startProcess();
        return daemon;
    }

    public int port() {
        return port;
    }

    /** {@code git://127.0.0.1:<port>/<name>} */
    public String url(String repositoryName) {
        return "git://127.0.0.1:" + port + "/" + repositoryName;
    }

    @Override
    public void close() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private void startProcess() throws IOException {
        process = new ProcessBuilder(List.of("git", "daemon", "--reuseaddr", "--base-path=" + basePath,
                "--export-all", "--enable=receive-pack", "--port=" + port, "--listen=127.0.0.1",
                "--informative-errors", basePath.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("git daemon exited with " + process.exitValue() + " on port " + port);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        close();
        throw new IOException("git daemon did not listen on port " + port + " within 15s");
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
