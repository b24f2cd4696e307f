package dev.modeldeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chart runs the image the build makes (reconciler/pom.xml's Jib configuration): its default tag is the project's
 * version and the pod runs as the image's user. ChartTemplateTest checks the default image name itself.
 */
class ChartImageTest {

    @TempDir
    Path scratch;

    @Test
    void theChartsAppVersionIsTheProjectVersion() throws Exception {
        JsonNode chart = new YAMLMapper().readTree(ProjectPaths.chartDir().resolve("Chart.yaml").toFile());
        assertThat(chart.path("appVersion").asText()).isEqualTo(buildProperty("modeldeploy.version"));
        assertThat(buildProperty("modeldeploy.imageName")).endsWith(":" + chart.path("appVersion").asText());
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void thePodRunsAsTheImagesUser(Scenario scenario) {
        String[] user = buildProperty("modeldeploy.imageUser").split(":");
        RenderedRelease release = RenderedRelease.parse(HelmChart.template(scenario.values, scratch));
        PodTemplateSpec template = release.all(Deployment.class).isEmpty()
                ? release.one(StatefulSet.class).getSpec().getTemplate()
                : release.one(Deployment.class).getSpec().getTemplate();
        PodSecurityContext security = template.getSpec().getSecurityContext();

        assertThat(security.getRunAsUser()).isEqualTo(Long.parseLong(user[0]));
        assertThat(security.getRunAsGroup()).isEqualTo(Long.parseLong(user[1]));
        // The emptyDir volumes for the state and /tmp belong to this group, so the user can write them.
        assertThat(security.getFsGroup()).isEqualTo(Long.parseLong(user[1]));
    }

    /** Set by reconciler/pom.xml from the image configuration, so the chart is checked against what is built. */
    static String buildProperty(String name) {
        String value = System.getProperty(name);
        assertThat(value).as(name + " (set by reconciler/pom.xml's surefire configuration; run through Maven)")
                .isNotBlank();
        return value;
    }
}
