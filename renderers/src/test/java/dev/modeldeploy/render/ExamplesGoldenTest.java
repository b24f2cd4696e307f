package dev.modeldeploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.manifest.ManifestSet;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The example repository renders exactly as the golden files under src/test/resources/golden/ say (one file per
 * manifest, named after the manifest's file), and everything it renders passes the CRD schemas and constraints.
 *
 * <p>After an intended change, regenerate the golden files and review the diff:
 * {@code mvn -o -pl renderers test -Dtest=ExamplesGoldenTest -Dmodeldeploy.updateGolden=true}
 */
class ExamplesGoldenTest {
    private static final boolean UPDATE = Boolean.getBoolean("modeldeploy.updateGolden");
    /** A fixed commit per file, so the source-commit annotation shows up in the golden files. */
    private static final String COMMIT = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    private static ManifestSet manifests;
    private static ClusterSettings settings;
    private static RenderResult result;

    @BeforeAll
    static void render() {
        Path repo = TestPaths.examplesRepo();
        manifests = new ManifestLoader().load(repo);
        settings = ClusterSettings.load(repo.resolve("cluster-settings.yaml"));
        Map<String, String> commits = new TreeMap<>();
        manifests.deployments().forEach(d -> commits.put(d.source().file(), COMMIT));
        manifests.routes().forEach(r -> commits.put(r.source().file(), COMMIT));
        result = Renderer.render(manifests, settings, commits);
    }

    @Test
    void theExamplesAreValidAndAllRender() {
        assertThat(manifests.findings()).isEmpty();
        assertThat(manifests.deployments()).hasSize(4);
        assertThat(manifests.routes()).hasSize(4);
        assertThat(result.failures()).isEmpty();
        assertThat(result.rendered()).hasSize(8);
    }

    @Test
    void everythingRenderedPassesTheSchemasAndConstraints() {
        List<GenericKubernetesResource> objects = RenderedYaml.inStableOrder(result.rendered());
        assertThat(objects).hasSize(4 * 6 + 4 + 1);
        assertThat(RenderedChecks.check(objects, settings.namespace())).isEmpty();
    }

    @TestFactory
    List<DynamicTest> eachManifestMatchesItsGoldenFile() {
        return result.rendered().stream()
                .sorted(RenderedYaml.BY_OWNER)
                .map(manifest -> DynamicTest.dynamicTest(manifest.sourceFile(), () -> compare(manifest)))
                .toList();
    }

    private static void compare(RenderedManifest manifest) throws IOException {
        String actual = RenderedYaml.toYaml(RenderedYaml.inStableOrder(List.of(manifest)));
        Path golden = TestPaths.goldenDir().resolve(manifest.sourceFile());
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual);
            return;
        }
        assertThat(golden).as("golden file for " + manifest.sourceFile()
                + " (create it with -Dmodeldeploy.updateGolden=true)").exists();
        assertThat(actual).as("rendered " + manifest.sourceFile() + " against " + golden).isEqualTo(Files.readString(golden));
    }
}
