package dev.modeldeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.manifest.ManifestSet;
import dev.modeldeploy.manifest.ModelDeployment;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image the build just made (reconciler/cli/pom.xml, Jib), run with podman the way a cluster runs it: a
 * read-only root filesystem, a memory limit, the state and /tmp on volumes, the port published on loopback only.
 * Runs after package (failsafe), so it tests the image of the jar this build produced; skipped with the reason when
 * the image was not built (no base: see bin/base-image) or podman cannot run containers here.
 */
class ContainerImageIT {
    private static final Duration QUICK = Duration.ofMinutes(2);
    private static final Duration DAEMON_READY = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workDir;

    private static Podman podman;
    private static String image;
    private static final List<String> containers = new ArrayList<>();

    /** Why the image cannot be tested here, once known; null when it can. */
    private static String unavailable;
    private static Throwable loadFailure;
    private static boolean prepared;

    // Checked before each test rather than in @BeforeAll, so every test is reported as skipped with the reason.
    @BeforeEach
    void requireTheImage() throws Throwable {
        if (!prepared) {
            prepared = true;
            try {
                unavailable = loadTheImage();
            } catch (Throwable e) {
                loadFailure = e;
            }
        }
        if (loadFailure != null) {
            throw new AssertionError("the built image could not be loaded", loadFailure);
        }
        assumeTrue(unavailable == null, unavailable);
    }

    private static String loadTheImage() throws Exception {
        if (Boolean.parseBoolean(System.getProperty("modeldeploy.imageSkipped", "true"))) {
            return "the image was not built in this build (image.skip=true): run bin/base-image once to make the "
                    + "local base, or build on a registry base with -Dimage.skip=false";
        }
        Path archive = Path.of(System.getProperty("modeldeploy.imageArchive"));
        Path imageIdFile = Path.of(System.getProperty("modeldeploy.imageIdFile"));
        assertThat(archive).as("the image archive Jib wrote").isRegularFile();
        podman = Podman.onPath(workDir).orElse(null);
        if (podman == null) {
            return "podman is not installed (apt-get install podman runc)";
        }
        Podman.Result load = podman.run(QUICK, "load", "-q", "-i", archive.toString());
        if (!load.succeeded()) {
            return "podman cannot load images here: " + load.describe();
        }
        // By id, not by tag: other checkouts on the same machine load images under the same name.
        image = Files.readString(imageIdFile).trim().replaceFirst("^sha256:", "");

        Podman.Result probe = podman.run(QUICK, "run", "--rm", "--entrypoint", "/bin/true", image);
        if (!probe.succeeded() && probe.stderr().contains("rlimit")) {
            podman = podman.withoutDefaultUlimits();
            probe = podman.run(QUICK, "run", "--rm", "--entrypoint", "/bin/true", image);
        }
        return probe.succeeded() ? null : "podman cannot run containers here: " + probe.describe();
    }

    @AfterAll
    static void removeContainersAndImage() throws Exception {
        if (podman == null || image == null) {
            return;
        }
        for (String container : containers) {
            podman.run(QUICK, "rm", "--force", "--volumes", container);
        }
        // Fails harmlessly while another checkout's test still runs a container of the same image.
        podman.run(QUICK, "rmi", image);
    }

    @Test
    void carriesItsVersionSourceANonRootUserAndVolumes() throws Exception {
        JsonNode config = config(image);

        assertThat(config.path("User").asText()).isEqualTo("10001:10001");
        assertThat(config.path("Entrypoint").toString()).isEqualTo("[\"/usr/local/bin/modeldeploy\"]");
        assertThat(config.path("Cmd").toString()).isEqualTo("[\"run\"]");
        assertThat(config.path("WorkingDir").asText()).isEqualTo("/var/lib/modeldeploy");
        assertThat(iterable(config.path("Volumes").fieldNames())).contains("/tmp", "/var/lib/modeldeploy");
        JsonNode labels = config.path("Labels");
        assertThat(labels.path("org.opencontainers.image.version").asText())
                .isEqualTo(System.getProperty("modeldeploy.version"));
        assertThat(labels.path("org.opencontainers.image.source").asText()).startsWith("https://");
        assertThat(labels.has("org.opencontainers.image.revision")).isTrue();
    }

    @Test
    void validatesTheExamplesAndReportsABrokenManifest() throws Exception {
        Path examples = Path.of(System.getProperty("modeldeploy.examplesDir"));
        Podman.Result valid = podman.run(QUICK, "run", "--rm", "--read-only",
                "--volume", examples.toAbsolutePath() + ":/examples:ro", image, "validate", "/examples");
        assertThat(valid.exitCode()).as(valid::describe).isZero();

        Path broken = Files.createDirectories(workDir.resolve("broken"));
        Files.writeString(broken.resolve("wine.yaml"), "kind: ModelDeployment\nid: wine\nspec:\n  predictor: sklearn\n");
        Podman.Result invalid = podman.run(QUICK, "run", "--rm", "--read-only",
                "--volume", broken + ":/manifests:ro", image, "validate", "/manifests");
        assertThat(invalid.exitCode()).as(invalid::describe).isNotZero();
        assertThat(invalid.stdout() + invalid.stderr()).contains("wine.yaml:4:");
    }

    @Test
    void sizesTheHeapFromTheContainersMemoryLimit() throws Exception {
        Podman.Result settings = podman.run(QUICK, "run", "--rm", "--read-only", "--memory", "400m",
                "--env", "MODELDEPLOY_JAVA_OPTS=-XshowSettings:vm", image, "--version");
        assertThat(settings.exitCode()).as(settings::describe).isZero();
        assertThat(settings.stdout()).contains("modeldeploy " + System.getProperty("modeldeploy.version"));
        Matcher heap = Pattern.compile("Max\\. Heap Size \\(Estimated\\): ([0-9.]+)M")
                .matcher(settings.stdout() + settings.stderr());
        assertThat(heap.find()).as(settings::describe).isTrue();
        // 75% of 400 MiB, less what the JVM rounds away; without the limit it would be a share of the host's memory.
        assertThat(Double.parseDouble(heap.group(1))).isBetween(250.0, 300.0);
    }

    @Test
    void runsTheEmbeddedDefaultOnAReadOnlyRootFilesystem() throws Exception {
        String name = "modeldeploy-it-" + UUID.randomUUID().toString().substring(0, 8);
        int port = freeLoopbackPort();
        Podman.Result started = podman.run(QUICK, "run", "--detach", "--name", name, "--read-only",
                "--memory", "768m", "--publish", "127.0.0.1:" + port + ":8080", image);
        containers.add(name);
        assertThat(started.succeeded()).as(started::describe).isTrue();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI base = URI.create("http://127.0.0.1:" + port);
        awaitReady(http, base, name);

        HttpResponse<String> deployments = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/model/deployment"))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deployments.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JSON.readTree(deployments.body()).forEach(deployment -> ids.add(deployment.path("id").asText()));
        assertThat(ids).containsExactlyInAnyOrderElementsOf(exampleDeploymentIds());

        // The image's modeldeploy command is the CLI too: inside the container it reaches the daemon on 8080.
        Podman.Result cli = podman.run(QUICK, "exec", name, "modeldeploy", "deployment", "get");
        assertThat(cli.exitCode()).as(cli::describe).isZero();
        assertThat(cli.stdout()).contains(exampleDeploymentIds());

        // The state is on the volume and nothing else can be written.
        Podman.Result state = podman.run(QUICK, "exec", name, "ls", "/var/lib/modeldeploy/.modeldeploy");
        assertThat(state.stdout()).as(state::describe).contains("examples.git");
        Podman.Result write = podman.run(QUICK, "exec", name, "touch", "/app/written");
        assertThat(write.exitCode()).as(write::describe).isNotZero();
        assertThat(write.stderr()).contains("Read-only file system");
    }

    @Test
    void theDockerfileBuildsTheSameImage() throws Exception {
        String base = System.getProperty("modeldeploy.baseImage", "");
        assumeTrue(base.startsWith("tar://"), "the Dockerfile is built here on the local base only (bin/base-image); "
                + "the base of this build is " + base);
        Podman.Result loadBase = podman.run(QUICK, "load", "-q", "-i", base.substring("tar://".length()));
        assertThat(loadBase.succeeded()).as(loadBase::describe).isTrue();
        Matcher loaded = Pattern.compile("Loaded image(?:\\(s\\))?: *(\\S+)").matcher(loadBase.stdout());
        assertThat(loaded.find()).as(loadBase::describe).isTrue();

        Path root = Path.of(System.getProperty("modeldeploy.repositoryRoot"));
        Path dockerfile = Path.of(System.getProperty("modeldeploy.moduleDir")).resolve("Dockerfile");
        String tag = "localhost/modeldeploy-dockerfile-it:" + UUID.randomUUID().toString().substring(0, 8);
        String version = System.getProperty("modeldeploy.version");
        Podman.Result build = podman.run(Duration.ofMinutes(5), "build", "--file", dockerfile.toString(),
                "--build-arg", "BASE_IMAGE=" + loaded.group(1), "--build-arg", "VERSION=" + version,
                "--tag", tag, root.toString());
        try {
            assertThat(build.succeeded()).as(build::describe).isTrue();
            JsonNode jib = config(image);
            JsonNode docker = config(tag);
            for (String field : List.of("User", "Entrypoint", "Cmd", "WorkingDir", "Volumes", "ExposedPorts")) {
                assertThat(docker.path(field)).as(field).isEqualTo(jib.path(field));
            }
            for (String label : List.of("org.opencontainers.image.version", "org.opencontainers.image.source")) {
                assertThat(docker.path("Labels").path(label)).as(label).isEqualTo(jib.path("Labels").path(label));
            }
            Path examples = Path.of(System.getProperty("modeldeploy.examplesDir"));
            Podman.Result valid = podman.run(QUICK, "run", "--rm", "--read-only", "--memory", "400m",
                    "--volume", examples.toAbsolutePath() + ":/examples:ro", tag, "validate", "/examples");
            assertThat(valid.exitCode()).as(valid::describe).isZero();
        } finally {
            podman.run(QUICK, "rmi", tag);
        }
    }

    private static JsonNode config(String reference) throws Exception {
        Podman.Result inspect = podman.run(QUICK, "image", "inspect", "--format", "{{json .Config}}", reference);
        assertThat(inspect.succeeded()).as(inspect::describe).isTrue();
        return JSON.readTree(inspect.stdout());
    }

    private static void awaitReady(HttpClient http, URI base, String container) throws Exception {
        Instant deadline = Instant.now().plus(DAEMON_READY);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(base.resolve("/readyz"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
                last = ready.statusCode() + " " + ready.body();
            } catch (ConnectException | java.net.http.HttpTimeoutException e) {
                last = e.toString();
            } catch (IOException e) {
                last = e.toString(); // the port is published before the daemon listens: the connection is reset
            }
            Podman.Result running = podman.run(QUICK, "inspect", "--format", "{{.State.Running}}", container);
            if (!running.stdout().trim().equals("true")) {
                throw new AssertionError("the container stopped before /readyz answered 200:\n"
                        + podman.run(QUICK, "logs", container).describe());
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("/readyz did not answer 200 within " + DAEMON_READY + " (last: " + last + ")\n"
                + podman.run(QUICK, "logs", container).describe());
    }

    private static List<String> exampleDeploymentIds() {
        ManifestSet examples = new ManifestLoader().load(Path.of(System.getProperty("modeldeploy.examplesDir")));
        assertThat(examples.deployments()).isNotEmpty();
        return examples.deployments().stream().map(ModelDeployment::id).toList();
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}
