package dev.modeldeploy.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.embedded.KnativeWebhookDefaults;
import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.manifest.ManifestSet;
import dev.modeldeploy.render.RenderResult;
import dev.modeldeploy.render.RenderedManifest;
import dev.modeldeploy.render.Renderer;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Knative Service the renderers make (the example repository, plus manifests that spell quantities oddly and
 * set zero probe delays, each with and without the request logger) goes through {@link KnativeWebhookDefaults} as
 * the real webhook would put it into the cluster, and the diff then sees nothing to do: we never fight the webhook.
 * A change in Git converges: one patch, the webhook defaults the result again, and the next diff is empty.
 */
class WebhookDefaultedServicesTest {
    private static final List<KnativeWebhookDefaults.Settings> WEBHOOKS = List.of(
            KnativeWebhookDefaults.Settings.stock("system:serviceaccount:modeldeploy:modeldeploy"),
            KnativeWebhookDefaults.Settings.stock("system:serviceaccount:modeldeploy:modeldeploy").withSecurePodDefaults()
                    .withContainerResources(Map.of("cpu", "0.1", "ephemeral-storage", "500Mi"), Map.of("ephemeral-storage", "1Gi")));

    @TempDir
    static Path temp;

    /** Rendered Services by "settings / manifest set", then by name. */
    private static final Map<String, Map<String, GenericKubernetesResource>> RENDERINGS = new LinkedHashMap<>();

    @BeforeAll
    static void render() throws IOException {
        Path examples = examplesRepo();
        Path odd = Files.createDirectories(temp.resolve("odd/deployments"));
        Files.copy(Path.of("src/test/resources/manifests/odd-spellings.yaml"), odd.resolve("odd.yaml"));
        String settingsText = Files.readString(examples.resolve("cluster-settings.yaml"));
        Path withoutLogger = temp.resolve("no-logger.yaml");
        Files.writeString(withoutLogger, settingsText.replace("requestLogging:\n  enabled: true", "requestLogging:\n  enabled: false"));
        Map<String, ClusterSettings> settings = new LinkedHashMap<>();
        settings.put("with logger", ClusterSettings.load(examples.resolve("cluster-settings.yaml")));
        settings.put("without logger", ClusterSettings.load(withoutLogger));
        assertThat(settings.get("without logger").requestLogging().enabled()).isFalse();
        Map<String, ManifestSet> manifests = Map.of("examples", new ManifestLoader().load(examples), "odd", new ManifestLoader().load(odd.getParent()));
        for (Map.Entry<String, ClusterSettings> s : settings.entrySet()) {
            for (String set : List.of("examples", "odd")) {
                ManifestSet manifestSet = manifests.get(set);
                assertThat(manifestSet.findings()).as(set).isEmpty();
                RenderResult result = Renderer.render(manifestSet, s.getValue(), Map.of());
                assertThat(result.failures()).as(set).isEmpty();
                Map<String, GenericKubernetesResource> services = new TreeMap<>();
                for (RenderedManifest manifest : result.rendered()) {
                    for (GenericKubernetesResource object : manifest.objects()) {
                        if ("Service".equals(object.getKind()) && object.getApiVersion().startsWith("serving.knative.dev/")) {
                            services.put(object.getMetadata().getName(), object);
                        }
                    }
                }
                assertThat(services).as(set).hasSize(set.equals("examples") ? 4 : 3);
                RENDERINGS.put(s.getKey() + " / " + set, services);
            }
        }
    }

    private static Path examplesRepo() {
        for (String candidate : new String[] {"../../examples-repo", "../examples-repo", "examples-repo"}) {
            if (Files.isDirectory(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new UncheckedIOException(new IOException("cannot find examples-repo/ from " + Path.of("").toAbsolutePath()));
    }

    private static ObjectDiff diff(DesiredObject desired, JsonNode live) {
        return ThreeWayDiff.compute(LastApplied.read(live, desired), desired.body(), live);
    }

    @TestFactory
    List<DynamicTest> aCreatedServiceReadsBackAsRendered() {
        List<DynamicTest> tests = new ArrayList<>();
        RENDERINGS.forEach((rendering, services) -> services.forEach((name, service) -> {
            for (int w = 0; w < WEBHOOKS.size(); w++) {
                KnativeWebhookDefaults.Settings webhook = WEBHOOKS.get(w);
                tests.add(DynamicTest.dynamicTest(rendering + " / " + name + " / webhook " + w, () -> {
                    DesiredObject desired = DesiredObject.of(service);
                    JsonNode created = KnativeWebhookDefaults.apply(desired.body(), null, webhook);
                    assertThat(created).as("the webhook changes something").isNotEqualTo(desired.body());

                    assertThat(diff(desired, created).summary()).isEmpty();
                    assertThat(diff(desired, created).isEmpty()).isTrue();
                    if (webhook.containerRequests().isEmpty() && webhook.containerLimits().isEmpty()) {
                        // rendered in canonical form: the stored quantities are our text, not just our amounts
                        JsonNode ours = desired.body().at("/spec/template/spec/containers");
                        for (int i = 0; i < ours.size(); i++) {
                            assertThat(created.at("/spec/template/spec/containers/" + i + "/resources"))
                                    .isEqualTo(ours.get(i).path("resources"));
                        }
                    }
                    // a later update through the webhook (say, by another writer's label) changes nothing for us
                    JsonNode updated = KnativeWebhookDefaults.apply(created, created, webhook);
                    assertThat(diff(desired, updated).isEmpty()).isTrue();
                }));
            }
        }));
        assertThat(tests).hasSize(2 * (4 + 3) * WEBHOOKS.size());
        return tests;
    }

    @TestFactory
    List<DynamicTest> aChangeInGitConvergesInOnePatch() {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> renderings = new ArrayList<>(RENDERINGS.keySet());
        for (String from : renderings) {
            for (String to : renderings) {
                if (from.equals(to) || !from.substring(from.indexOf('/')).equals(to.substring(to.indexOf('/')))) {
                    continue;
                }
                RENDERINGS.get(from).forEach((name, before) -> {
                    GenericKubernetesResource after = RENDERINGS.get(to).get(name);
                    for (KnativeWebhookDefaults.Settings webhook : WEBHOOKS) {
                        tests.add(DynamicTest.dynamicTest(name + ": " + from + " -> " + to, () -> converges(before, after, webhook)));
                    }
                });
            }
        }
        assertThat(tests).hasSize(2 * (4 + 3) * WEBHOOKS.size());
        return tests;
    }

    private static void converges(GenericKubernetesResource before, GenericKubernetesResource after, KnativeWebhookDefaults.Settings webhook) {
        DesiredObject first = DesiredObject.of(before);
        DesiredObject second = DesiredObject.of(after);
        JsonNode live = KnativeWebhookDefaults.apply(first.body(), null, webhook);

        ObjectDiff change = diff(second, live);
        assertThat(change.isEmpty()).isFalse();
        assertThat(change.driftedFields()).isEmpty();
        JsonNode patched = KnativeWebhookDefaults.apply(JsonValues.applyMergePatch(live, change.patch()), live, webhook);

        assertThat(diff(second, patched).summary()).isEmpty();
        assertThat(diff(second, patched).isEmpty()).isTrue();
    }
}
