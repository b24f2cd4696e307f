package dev.modeldeploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.manifest.Predictor;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamesTest {
    private static final String ID_63 = "a-very-long-model-deployment-id-that-fills-all-63-characters-z9";

    @Test
    void shortIdsAreUsedAsTheyAre() {
        assertThat(Names.knativeService("wine")).isEqualTo("wine");
        assertThat(Names.deploymentVirtualService("wine")).isEqualTo("wine-model");
        assertThat(Names.openApiConfigMap("wine")).isEqualTo("wine-openapi");
        assertThat(Names.routeVirtualService("wine")).isEqualTo("wine-route");
        assertThat(Names.mirrorVirtualService("wine")).isEqualTo("wine-mirror");
    }

    @Test
    void longIdsAreCutAndHashedKeepingTheSuffix() {
        assertThat(ID_63).hasSize(63);
        assertThat(Names.isDns1035Label(ID_63)).isTrue();
        String service = Names.knativeService(ID_63);
        assertThat(service).hasSizeLessThanOrEqualTo(Names.KNATIVE_SERVICE_MAX).matches("[a-z][-a-z0-9]*-[0-9a-f]{8}");
        assertThat(Names.isDns1035Label(service)).isTrue();
        assertThat(service + "-00001-deployment").hasSizeLessThanOrEqualTo(63);
        String configMap = Names.openApiConfigMap(ID_63);
        assertThat(configMap).hasSizeLessThanOrEqualTo(63).endsWith("-openapi");
        assertThat(Names.knativeService(ID_63)).as("stable").isEqualTo(service);
        String other = ID_63.substring(0, 62) + "8";
        assertThat(Names.knativeService(other)).as("ids that share a prefix stay apart").isNotEqualTo(service);
    }

    @Test
    void aCutNeverEndsInADashBeforeTheHash() {
        String id = "abcdefghijklmnopqrstuvwxyz-abcdefghij-" + "k".repeat(20);
        String name = Names.knativeService(id);
        assertThat(name).doesNotContain("--").hasSizeLessThanOrEqualTo(46);
    }

    @Test
    void a63CharacterIdRendersWithEveryNameWithinTheLimits() {
        var deployment = Fixtures.deployment(ID_63, Predictor.TRITON, s -> s);
        var route = Fixtures.route(ID_63, "/custom/long", List.of(Fixtures.target(ID_63, null)), ID_63, List.of());
        List<GenericKubernetesResource> objects = Rendered.renderValid(
                Fixtures.set(List.of(deployment), List.of(route)), Fixtures.loggingSettings());
        assertThat(objects).hasSize(8);
        for (GenericKubernetesResource object : objects) {
            assertThat(object.getMetadata().getName()).hasSizeLessThanOrEqualTo(63);
            assertThat(Names.isDns1123Label(object.getMetadata().getName())).isTrue();
        }
        GenericKubernetesResource service = objects.stream().filter(o -> o.getKind().equals("Service")).findFirst().orElseThrow();
        assertThat(service.getMetadata().getName()).isEqualTo("a-very-long-model-deployment-id-that-3b8b3848");
        assertThat(service.getMetadata().getLabels()).containsEntry(ManagedLabels.DEPLOYMENT_ID, ID_63);
        assertThat(KnativeConstraints.check(service)).isEmpty();
    }

    @Test
    void kubernetesNameRules() {
        assertThat(Names.isDns1035Label("1abc")).isFalse();
        assertThat(Names.isDns1123Label("1abc")).isTrue();
        assertThat(Names.isDns1123Subdomain("registry.example.com")).isTrue();
        assertThat(Names.isDns1123Subdomain("Registry")).isFalse();
        assertThat(Names.isQualifiedName("autoscaling.knative.dev/min-scale")).isTrue();
        assertThat(Names.isQualifiedName("a/b/c")).isFalse();
        assertThat(Names.isLabelValue("")).isTrue();
        assertThat(Names.isLabelValue("-a")).isFalse();
    }
}
