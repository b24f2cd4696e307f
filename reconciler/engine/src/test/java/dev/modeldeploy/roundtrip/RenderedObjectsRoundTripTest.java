package dev.modeldeploy.roundtrip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.kube.KubeApiServer;
import dev.modeldeploy.kube.KubeApiServerExtension;
import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.manifest.ManifestSet;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.ManifestGenerator;
import dev.modeldeploy.render.RenderResult;
import dev.modeldeploy.render.Renderer;
import dev.modeldeploy.render.RenderedYaml;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object the renderers emit, for the examples and for generated manifests that set every optional field
 * in some draw, is accepted by a real API server with the upstream CRDs installed (structural schemas, CEL rules,
 * admission), and what the server stores equals what was sent apart from the fields the server itself sets: no
 * field is pruned as unknown, no value rewritten.
 */
class RenderedObjectsRoundTripTest {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

    static IntStream deploymentSeeds() {
        return IntStream.range(0, 40);
    }

    static IntStream routeSeeds() {
        return IntStream.range(0, 25);
    }

    @Test
    void theExamplesRenderToObjectsTheServerStoresUnchanged() {
        Path examples = examplesRepo();
        ClusterSettings settings = ClusterSettings.load(examples.resolve("cluster-settings.yaml"));
        ManifestSet set = new ManifestLoader().load(examples);
        assertThat(set.deployments()).isNotEmpty();
        assertRoundTrip(set, settings);
    }

    @ParameterizedTest(name = "deployment seed {0}")
    @MethodSource("deploymentSeeds")
    void generatedDeploymentsRoundTrip(int seed) {
        Random random = new Random(20261124L + seed);
        ManifestSet set = new ManifestSet(List.of(ManifestGenerator.deployment(random)), List.of(), List.of(),
                java.util.Set.of());
        assertRoundTrip(set, ManifestGenerator.settings(random));
    }

    @ParameterizedTest(name = "route seed {0}")
    @MethodSource("routeSeeds")
    void generatedRoutesRoundTrip(int seed) {
        Random random = new Random(20261125L + seed);
        ManifestSet set = ManifestGenerator.routeSet(random);
        assertRoundTrip(set, ManifestGenerator.settings(random));
    }

    private static void assertRoundTrip(ManifestSet set, ClusterSettings settings) {
        RenderResult result = Renderer.render(set, settings, Map.of());
        assertThat(result.failures()).isEmpty();
        List<GenericKubernetesResource> objects = RenderedYaml.inStableOrder(result.rendered());
        KubeApiServer server = KUBE.server();
        String namespace = settings.namespace();
        server.ensureNamespace(namespace);
        List<String> problems = new ArrayList<>();
        List<Runnable> cleanUp = new ArrayList<>();
        try (KubernetesClient client = server.adminClient()) {
            try {
                sendAndReadBack(client, objects, namespace, problems, cleanUp);
            } finally {
                cleanUp.forEach(Runnable::run);
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void sendAndReadBack(KubernetesClient client, List<GenericKubernetesResource> objects, String namespace,
                                        List<String> problems, List<Runnable> cleanUp) {
            for (GenericKubernetesResource sent : objects) {
                var resource = client.genericKubernetesResources(LiveObjectCache.context(
                        ManagedKind.of(sent.getApiVersion(), sent.getKind()))).inNamespace(namespace);
                String subject = sent.getKind() + "/" + sent.getMetadata().getName();
                try {
                    resource.resource(sent).create();
                    cleanUp.add(() -> resource.withName(sent.getMetadata().getName()).delete());
                } catch (KubernetesClientException e) {
                    problems.add(subject + " rejected: HTTP " + e.getCode() + " " + e.getMessage());
                    continue;
                }
                GenericKubernetesResource stored = resource.withName(sent.getMetadata().getName()).get();
                JsonNode expected = comparable(sent, namespace);
                JsonNode actual = comparable(stored, namespace);
                if (!expected.equals(actual)) {
                    problems.add(subject + " changed by the server:\n  sent:   " + expected + "\n  stored: " + actual);
                }
            }
    }

    /** The object without what the server sets on every object: identity, versions, timestamps, managed fields, status. */
    private static JsonNode comparable(GenericKubernetesResource object, String namespace) {
        ObjectNode json = Serialization.jsonMapper().valueToTree(object);
        ObjectNode metadata = (ObjectNode) json.get("metadata");
        metadata.remove(List.of("uid", "resourceVersion", "generation", "creationTimestamp", "managedFields"));
        if (!metadata.has("namespace")) {
            metadata.put("namespace", namespace);
        }
        json.remove("status");
        return numbersByValue(json);
    }

    /** JSON has one number type: 100.0 sent and 100 stored are the same value. */
    private static JsonNode numbersByValue(JsonNode node) {
        if (node.isNumber()) {
            java.math.BigDecimal value = node.decimalValue().stripTrailingZeros();
            return value.scale() <= 0 ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.numberNode(value.toBigIntegerExact())
                    : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.numberNode(value);
        }
        if (node.isObject()) {
            ObjectNode copy = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), numbersByValue(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(numbersByValue(element)));
            return copy;
        }
        return node;
    }

    private static Path examplesRepo() {
        return Stream.of(Path.of("examples-repo"), Path.of("../examples-repo"), Path.of("../../examples-repo"))
                .filter(Files::isDirectory).findFirst()
                .orElseThrow(() -> new IllegalStateException("cannot find examples-repo/ from " + Path.of("").toAbsolutePath()));
    }
}
