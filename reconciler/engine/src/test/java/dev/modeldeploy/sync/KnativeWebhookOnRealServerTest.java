package dev.modeldeploy.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSet;
import dev.modeldeploy.sync.common.DesiredState;
import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.embedded.KnativeWebhookDefaults;
import dev.modeldeploy.kube.KubeApiServer;
import dev.modeldeploy.kube.KubeApiServerExtension;
import dev.modeldeploy.kube.MutatingWebhook;
import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.pipeline.DesiredStateBuilder;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real API server with a mutating webhook that lets Knative Services in the way Knative's defaulting webhook
 * does (canonical quantities, defaulted fields, creator annotations): the engine creates the examples and odd
 * spellings once, and then never writes again; a hand edit is healed with one patch, after which it is quiet again.
 */
class KnativeWebhookOnRealServerTest {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

    @TempDir
    Path temp;

    private EngineFixture f;
    private MutatingWebhook webhook;

    @AfterEach
    void close() {
        if (webhook != null) {
            webhook.close();
        }
        if (f != null) {
            f.close();
        }
    }

    @Test
    void theEngineNeverFightsTheDefaultingWebhook() throws Exception {
        KubeApiServer server = KUBE.server();
        f = new EngineFixture(ServerKind.REAL, KUBE);
        webhook = new MutatingWebhook(server, "knative-defaults", "serving.knative.dev", "v1", "services",
                (object, old) -> KnativeWebhookDefaults.apply(object, old,
                        KnativeWebhookDefaults.Settings.stock(KubeApiServer.ADMIN_USER)), temp);
        DesiredState desired = desiredState();

        ChangeSet created = f.engine.reconcile(desired);
        assertThat(created.entries()).isNotEmpty().allSatisfy(e -> assertThat(e.action())
                .as(e.subject() + ": " + e.reason()).isEqualTo(Action.CREATED));
        assertThat(webhook.admitted()).isGreaterThanOrEqualTo(6);
        JsonNode stored = Serialization.jsonMapper().valueToTree(f.live(ManagedKind.KNATIVE_SERVICE, "odd-quantities"));
        assertThat(stored.at("/spec/template/spec/containerConcurrency").isNumber()).as("defaulted by the webhook").isTrue();
        assertThat(stored.at("/spec/template/spec/containers/0/resources/limits/memory").asText()).isEqualTo("1536Mi");

        for (int cycle = 0; cycle < 3; cycle++) {
            f.api.clear();
            ChangeSet again = f.engine.reconcile(desired);
            assertThat(again.entries()).allSatisfy(e -> assertThat(e.action()).as(e.subject() + ": " + e.reason())
                    .isEqualTo(Action.UNCHANGED));
            assertThat(f.api.writes()).isEmpty();
        }

        f.patchByHand(ManagedKind.KNATIVE_SERVICE, "odd-gpu", "{\"spec\":{\"template\":{\"spec\":{\"containers\":"
                + stored(f, "odd-gpu").replace("\"2500m\"", "\"3\"") + "}}}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> f.drifted.contains(TestManifests.deployment("odd-gpu")));
        f.api.clear();
        ChangeSet healed = f.engine.reconcile(desired);
        assertThat(healed.entries()).filteredOn(e -> e.action() != Action.UNCHANGED).singleElement()
                .satisfies(e -> assertThat(e.subject()).isEqualTo("Service/odd-gpu"));
        assertThat(f.api.writes()).singleElement().asString().startsWith("PATCH");
        assertThat(stored(f, "odd-gpu")).contains("\"2500m\"");

        f.api.clear();
        f.engine.reconcile(desired);
        assertThat(f.api.writes()).isEmpty();
    }

    private static String stored(EngineFixture f, String name) {
        JsonNode live = Serialization.jsonMapper().valueToTree(f.live(ManagedKind.KNATIVE_SERVICE, name));
        return live.at("/spec/template/spec/containers").toString();
    }

    private DesiredState desiredState() throws Exception {
        Path examples = Stream.of(Path.of("examples-repo"), Path.of("../examples-repo"), Path.of("../../examples-repo"))
                .filter(Files::isDirectory).findFirst().orElseThrow();
        Path repo = temp.resolve("repo");
        Files.createDirectories(repo.resolve("odd"));
        Files.copy(Path.of("src/test/resources/manifests/odd-spellings.yaml"), repo.resolve("odd/odd.yaml"));
        try (Stream<Path> files = Files.walk(examples.resolve("deployments"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = repo.resolve("examples").resolve(examples.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        ClusterSettings settings = ClusterSettings.load(examples.resolve("cluster-settings.yaml"))
                .withNamespace(TestManifests.NAMESPACE);
        DesiredStateBuilder.Result result = new DesiredStateBuilder(new ManifestLoader(), settings)
                .build(repo, "c1", Map.of());
        assertThat(result.findings()).isEmpty();
        return result.desired();
    }
}
