package dev.modeldeploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.modeldeploy.manifest.DeploymentSpec;
import dev.modeldeploy.manifest.Finding;
import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.manifest.Predictor;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendererTest {

    @Test
    void everyObjectCarriesNamespaceLabelsAndProvenance() {
        var set = Fixtures.set(List.of(Fixtures.odahu("wine")),
                List.of(Fixtures.route("canary", "/custom/wine", List.of(Fixtures.target("wine", null)), null, List.of())));
        RenderResult result = Renderer.render(set, Fixtures.jwtSettings(), Map.of("models/wine.yaml", "0123abcd"));
        assertThat(result.failures()).isEmpty();

        RenderedManifest wine = result.rendered().get(0);
        assertThat(wine.owner()).isEqualTo(new Owner(OwnerKind.MODEL_DEPLOYMENT, "wine"));
        assertThat(wine.sourceFile()).isEqualTo("models/wine.yaml");
        assertThat(Rendered.names(wine.objects())).containsExactly("ConfigMap/wine-openapi", "Service/wine",
                "AuthorizationPolicy/wine", "PodMonitor/wine", "RequestAuthentication/wine", "VirtualService/wine-model");
        for (GenericKubernetesResource object : wine.objects()) {
            assertThat(object.getMetadata().getNamespace()).isEqualTo("modeldeploy");
            assertThat(object.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/managed-by", "modeldeploy")
                    .containsEntry("modeldeploy.dev/deployment-id", "wine")
                    .containsEntry("app.kubernetes.io/name", "wine");
            assertThat(object.getMetadata().getAnnotations())
                    .containsEntry("modeldeploy.dev/source-file", "models/wine.yaml")
                    .containsEntry("modeldeploy.dev/source-commit", "0123abcd");
        }
        RenderedManifest route = result.rendered().get(1);
        GenericKubernetesResource vs = route.objects().get(0);
        assertThat(vs.getMetadata().getLabels()).containsEntry("modeldeploy.dev/route-id", "canary")
                .doesNotContainKey("modeldeploy.dev/deployment-id");
        assertThat(vs.getMetadata().getAnnotations()).as("commit unknown: no annotation")
                .containsOnlyKeys("modeldeploy.dev/source-file");
    }

    @Test
    void renderingIsRepeatable() {
        var set = Fixtures.set(List.of(Fixtures.odahu("a"), Fixtures.triton("b")),
                List.of(Fixtures.route("r", "/custom/r", List.of(Fixtures.target("a", 50), Fixtures.target("b", 50)), "b",
                        List.of(Fixtures.rule("x-v", "2", Fixtures.target("b", null))))));
        String first = RenderedYaml.toYaml(RenderedYaml.inStableOrder(Renderer.render(set, Fixtures.loggingSettings(), Map.of()).rendered()));
        String second = RenderedYaml.toYaml(RenderedYaml.inStableOrder(Renderer.render(set, Fixtures.loggingSettings(), Map.of()).rendered()));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void oneUnrenderableManifestDoesNotStopTheOthers() {
        ModelDeployment broken = new ModelDeployment("broken", new DeploymentSpec(Predictor.ODAHU_ML_SERVER, "img", null,
                null, 0, 1, 0, 0, null, null, null, null, null), null);
        ModelDeployment badId = Fixtures.odahu("Bad_Id");
        ModelDeployment duplicate = Fixtures.odahu("wine");
        var set = Fixtures.set(List.of(Fixtures.odahu("wine"), badId, duplicate, broken), List.of());
        RenderResult result = Renderer.render(set, Fixtures.jwtSettings(), null);
        assertThat(result.rendered()).extracting(r -> r.owner().id()).containsExactly("wine", "broken");
        assertThat(result.failures()).extracting(Finding::id, Finding::jsonPath).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Bad_Id", "$.id"), org.assertj.core.groups.Tuple.tuple("wine", "$.id"));
        GenericKubernetesResource brokenService = result.rendered().get(1).objects().stream()
                .filter(o -> o.getKind().equals("Service")).findFirst().orElseThrow();
        assertThat(brokenService.getMetadata().getAnnotations()).as("no source file known: no annotations").isNullOrEmpty();
        assertThat(RenderedChecks.check(result.rendered().get(1).objects(), "modeldeploy")).isEmpty();
    }

    @Test
    void yamlIsStableAndReadsBackToTheSameObjects() throws Exception {
        var wine = Fixtures.deployment("wine", Predictor.ODAHU_ML_SERVER, s -> {
            s.model = new dev.modeldeploy.manifest.ModelInfo("wine", "1.0");
            s.annotations = Map.of("example.com/flag", "true", "example.com/count", "010");
            return s;
        });
        List<GenericKubernetesResource> objects = Rendered.renderValid(Fixtures.set(List.of(wine), List.of()),
                Fixtures.loggingSettings());
        String yaml = RenderedYaml.toYaml(objects);
        assertThat(yaml).startsWith("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n");
        assertThat(yaml).contains("model-version: \"1.0\"").contains("example.com/flag: \"true\"")
                .contains("example.com/count: \"010\"").contains("openapi.json: |-\n    {\n      \"openapi\": \"3.0.3\",\n");
        ObjectMapper reader = new ObjectMapper(new YAMLFactory());
        ObjectMapper json = new ObjectMapper();
        var docs = reader.readerFor(GenericKubernetesResource.class).<GenericKubernetesResource>readValues(yaml).readAll();
        assertThat(docs).hasSameSizeAs(objects);
        for (int i = 0; i < objects.size(); i++) {
            assertThat((Object) json.valueToTree(docs.get(i))).isEqualTo(json.valueToTree(objects.get(i)));
        }
        assertThat(RenderedYaml.fileName(objects.get(1))).isEqualTo("service-wine.yaml");
    }
}
