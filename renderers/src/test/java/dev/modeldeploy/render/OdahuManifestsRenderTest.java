package dev.modeldeploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.manifest.ManifestSet;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ODAHU's own deployable manifests (vendored unchanged in manifest-schema, see OdahuManifestsTest there) render,
 * and what they render passes the CRD schemas and constraints.
 */
class OdahuManifestsRenderTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "odahu-flow/deployment/valid/custom-resources.deployment.odahuflow.yaml",
        "odahu-flow/deployment/valid/min-replicas-0.deployment.odahuflow.yaml",
        "odahu-flow/deployment/valid/routing.deployment.odahuflow.yaml",
        "odahu-flow/deployment/valid/simple-model-1.deployment.odahuflow.yaml",
        "odahu-flow/deployment/valid/simple-model-2.deployment.odahuflow.yaml",
        "odahu-flow/deployment/valid/simple-model.deployment.odahuflow.yaml",
        "odahu-flow/deployment/valid/updated-simple-model.deployment.odahuflow.yaml",
        "odahu-examples/sklearn-wine",
        "odahu-examples/flower-classifier/deployment.odahuflow.yaml",
        "odahu-examples/reuters-classifier/deployment.odahuflow.yaml",
        "odahu-docs/ref_deployments.deployment.yaml"})
    void rendersAndPassesTheSchemas(String path) {
        ManifestSet manifests = new ManifestLoader().load(TestPaths.odahuManifests().resolve(path));
        ClusterSettings settings = ClusterSettings.defaults();

        RenderResult result = Renderer.render(manifests, settings, Map.of());

        assertThat(manifests.findings()).isEmpty();
        assertThat(result.failures()).isEmpty();
        assertThat(result.rendered()).hasSize(1);
        List<GenericKubernetesResource> objects = RenderedYaml.inStableOrder(result.rendered());
        assertThat(objects).isNotEmpty();
        assertThat(RenderedChecks.check(objects, settings.namespace())).isEmpty();
    }
}
