package dev.modeldeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** helm lint --strict, in-process, on the chart with each scenario's values and with bad values. */
class ChartLintTest {

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void lintPasses(Scenario scenario, @TempDir Path scratch) {
        LintResult result = HelmChart.lint(scenario.values, scratch);

        assertThat(result.isFailed()).as("lint of %s: %s", scenario, result.getMessages()).isFalse();
        assertThat(result.getMessages()).allSatisfy(message -> assertThat(message).startsWith("[INFO]"));
    }

    @Test
    void lintRejectsNegativeReplicaCount(@TempDir Path scratch) {
        LintResult result = HelmChart.lint("replicaCount: -1\n", scratch);

        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages()))
                .contains("values don't meet the specifications of the schema")
                .contains("replicaCount");
    }

    @Test
    void lintRejectsABucketThatIsNotS3GcsOrFile(@TempDir Path scratch) {
        LintResult result = HelmChart.lint("feedback:\n  enabled: true\n  bucket: ftp://x\n", scratch);

        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages()))
                .contains("values don't meet the specifications of the schema")
                .contains("feedback.bucket");
    }
}
