package dev.modeldeploy.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A running daemon for tests, plus the real git client to push to its repository as a user would. */
final class DaemonFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Daemon daemon;

    DaemonFixture(Daemon daemon) {
        this.daemon = daemon;
    }

    static DaemonFixture start(Path stateDir, String repo, String interval, Path configFile) {
        DaemonConfig config = configFile == null ? DaemonConfig.empty() : DaemonConfig.load(configFile);
        RunOptions options = RunOptions.resolve(config, new RunOptions.Flags(stateDir, 0, repo, "main", null, interval,
                null, null, "embedded", null, null, null, null, null, null));
        return new DaemonFixture(Daemon.start(options));
    }

    String url(String path) {
        return "http://127.0.0.1:" + daemon.port() + path;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET().build());
    }

    HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    JsonNode json(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request to the daemon failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        daemon.close();
    }

    /** Runs the real git client; fails the test with its output when it fails. */
    static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Data Scientist",
                "-c", "user.email=ds@example.com", "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("git " + String.join(" ", args) + " failed:\n" + output);
            }
            return output.strip();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A bare repository holding the shipped examples, and a working clone of it. */
    static Path[] exampleRepository(Path tmp) throws IOException {
        Path bare = tmp.resolve("models.git");
        Path work = tmp.resolve("work");
        Files.createDirectories(bare);
        git(bare, "init", "--bare", "--initial-branch=main");
        ExampleRepositoryTestSupport.copyExamples(work);
        git(work, "init", "--initial-branch=main");
        git(work, "add", ".");
        git(work, "commit", "-m", "Import the examples");
        git(work, "remote", "add", "origin", bare.toString());
        git(work, "push", "origin", "main");
        return new Path[] {bare, work};
    }
}
