package dev.modeldeploy.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.cluster.ClusterConnection;
import dev.modeldeploy.render.ManagedKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's kubectl commands against a daemon on the embedded default, with real kubectl binaries: the one built
 * for the real API server tests (-Dmodeldeploy.kubectl, else testenv/bin/kubectl) and the one on PATH (Debian's
 * kubernetes-client, 1.20, on CI). Each is run as a subprocess with its own HOME, so discovery is fetched afresh.
 * A kubectl that is not there is skipped with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlOnTheEmbeddedDefaultTest {
    private static final Duration KUBECTL_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Path tmp;
    private DaemonFixture daemon;
    private Path kubeconfig;

    /** A kubectl to try: where it is, or why there is none. */
    record Kubectl(String label, Path binary, String missing) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Arguments> kubectls() {
        return Stream.of(Arguments.of(built()), Arguments.of(debians()), Arguments.of(onPath()));
    }

    private static Kubectl built() {
        String configured = System.getProperty("modeldeploy.kubectl");
        Path binary = configured != null && !configured.isBlank()
                ? Path.of(configured) : repositoryRoot().resolve("testenv/bin/kubectl");
        return new Kubectl("kubectl built for the API server tests", binary, Files.isExecutable(binary) ? null
                : binary + " does not exist (set -Dmodeldeploy.kubectl or build it into testenv/bin)");
    }

    /**
     * Debian's kubernetes-client (kubectl 1.20), unpacked into testenv/debian by .ci/run rather than installed, since
     * its /usr/bin/kubectl may clash with another kubectl package on the machine.
     */
    private static Kubectl debians() {
        Path binary = repositoryRoot().resolve("testenv/debian/usr/bin/kubectl");
        return new Kubectl("Debian's kubernetes-client", binary, Files.isExecutable(binary) ? null
                : binary + " does not exist (apt-get download kubernetes-client; dpkg-deb -x kubernetes-client_*.deb "
                        + "testenv/debian, as .ci/run does)");
    }

    private static Kubectl onPath() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            Path binary = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
            if (Files.isExecutable(binary)) {
                return new Kubectl("kubectl on PATH", binary, null);
            }
        }
        return new Kubectl("kubectl on PATH", null,
                "no kubectl on PATH (Debian: apt-get install kubernetes-client)");
    }

    @BeforeAll
    void startDaemon(@TempDir Path dir) {
        tmp = dir;
        daemon = DaemonFixture.start(tmp.resolve("state"), null, "1s", null);
        kubeconfig = daemon.daemon.kubeconfig().orElseThrow();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode wine = daemon.json("/api/v1/model/deployment/wine");
            assertThat(wine.at("/status/state").asText()).isEqualTo("Ready");
        });
    }

    @AfterAll
    void stopDaemon() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void getListsKnativeServicesVirtualServicesAndAuthorizationPoliciesWithTheirColumns(Kubectl kubectl)
            throws Exception {
        Result get = run(kubectl, Map.of(), "get", "ksvc,virtualservices,authorizationpolicies", "-n", "modeldeploy");

        assertThat(get.exitCode()).as(get.output()).isZero();
        assertThat(get.output())
                .containsPattern("NAME +URL +LATESTCREATED +LATESTREADY +READY +REASON")
                .containsPattern("service.serving.knative.dev/wine +http://wine.modeldeploy.example.com +wine-\\d+ +wine-\\d+ +True")
                .containsPattern("NAME +GATEWAYS +HOSTS +AGE")
                .contains("virtualservice.networking.istio.io/")
                .containsPattern("NAME +ACTION +AGE")
                .contains("authorizationpolicy.security.istio.io/");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void getOneKnativeServiceAsYaml(Kubectl kubectl) throws Exception {
        Result get = run(kubectl, Map.of(), "get", "ksvc", "wine", "-o", "yaml");

        assertThat(get.exitCode()).as(get.output()).isZero();
        JsonNode service = YAML.readTree(get.output());
        assertThat(service.path("apiVersion").asText()).isEqualTo("serving.knative.dev/v1");
        assertThat(service.path("kind").asText()).isEqualTo("Service");
        assertThat(service.at("/metadata/name").asText()).isEqualTo("wine");
        assertThat(service.at("/metadata/labels/app.kubernetes.io~1managed-by").asText()).isEqualTo("modeldeploy");
        assertThat(service.at("/spec/template/spec/containers/0/image").asText()).isEqualTo(liveImage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void editChangesTheServiceAndTheDaemonSetsItBack(Kubectl kubectl) throws Exception {
        String image = liveImage();
        long generation = live().getMetadata().getGeneration();
        Path editor = tmp.resolve("edit-image.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i 's#image: .*$#image: registry.example.com/edited-by-hand:1#' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));

        Result edit = run(kubectl, Map.of("KUBE_EDITOR", editor.toString()), "edit", "ksvc", "wine");

        assertThat(edit.exitCode()).as(edit.output()).isZero();
        assertThat(edit.output()).contains("service.serving.knative.dev/wine edited");
        // the edit reached the server (a newer generation), then the daemon's watch set the image back
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            GenericKubernetesResource now = live();
            assertThat(now.getMetadata().getGeneration()).isGreaterThanOrEqualTo(generation + 2);
            assertThat(imageOf(now)).isEqualTo(image);
        });
    }

    private GenericKubernetesResource live() {
        try (KubernetesClient client = ClusterConnection.fromKubeconfig(kubeconfig, "modeldeploy")) {
            return client.genericKubernetesResources(LiveObjectCache.context(ManagedKind.KNATIVE_SERVICE))
                    .inNamespace("modeldeploy").withName("wine").get();
        }
    }

    private String liveImage() {
        return imageOf(live());
    }

    private static String imageOf(GenericKubernetesResource service) {
        return Serialization.jsonMapper().valueToTree(service).at("/spec/template/spec/containers/0/image").asText();
    }

    record Result(int exitCode, String output) {
    }

    private Result run(Kubectl kubectl, Map<String, String> env, String... args) throws IOException, InterruptedException {
        assumeTrue(kubectl.missing() == null, kubectl.missing());
        List<String> command = new ArrayList<>(List.of(kubectl.binary().toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Path home = Files.createDirectories(tmp.resolve("home-" + kubectl.label().replace(' ', '-')));
        Path output = Files.createTempFile(tmp, "kubectl", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("KUBECONFIG");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(KUBECTL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " took over " + KUBECTL_TIMEOUT + ":\n"
                    + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /** The checkout root (holding testenv/), whether Maven runs from there or from the module. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("testenv")) && Files.isRegularFile(dir.resolve("bin/modeldeploy"))) {
                return dir;
            }
        }
        return Path.of("").toAbsolutePath();
    }
}
