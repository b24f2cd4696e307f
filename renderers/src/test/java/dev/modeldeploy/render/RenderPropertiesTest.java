package dev.modeldeploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.manifest.ManifestSet;
import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Any valid manifest renders, and what it renders passes the CRD schemas, the Knative constraints and the name rules.
 * Each case comes from its own fixed seed, so every run checks the same samples and a failure names its seed.
 */
class RenderPropertiesTest {
    static IntStream deploymentSeeds() {
        return IntStream.range(0, 150);
    }

    static IntStream routeSeeds() {
        return IntStream.range(0, 60);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("deploymentSeeds")
    void everyValidDeploymentRendersToValidObjects(int seed) {
        Random random = new Random(20261124L + seed);
        ModelDeployment deployment = ManifestGenerator.deployment(random);
        ClusterSettings settings = ManifestGenerator.settings(random);
        List<GenericKubernetesResource> objects = Rendered.renderValid(Fixtures.set(List.of(deployment), List.of()), settings);
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getName()).hasSizeLessThanOrEqualTo(63));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("routeSeeds")
    void everyValidRouteRendersToValidObjects(int seed) {
        Random random = new Random(20261125L + seed);
        ManifestSet set = ManifestGenerator.routeSet(random);
        ClusterSettings settings = ManifestGenerator.settings(random);
        RenderResult result = Rendered.render(set, settings);
        assertThat(result.failures()).isEmpty();
        assertThat(result.rendered()).hasSize(set.deployments().size() + set.routes().size());
        assertThat(RenderedChecks.check(RenderedYaml.inStableOrder(result.rendered()), settings.namespace())).isEmpty();
    }

}
