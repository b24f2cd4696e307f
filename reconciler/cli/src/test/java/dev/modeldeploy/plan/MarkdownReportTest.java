package dev.modeldeploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.manifest.Finding;
import dev.modeldeploy.manifest.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {
    private static Plan plan(List<ManifestChange> changes, List<Finding> findings) {
        return new Plan("git://example/models.git", "deployments", new Plan.Side("main", "a".repeat(40)),
                new Plan.Side("feature", "b".repeat(40)), Plan.Baseline.BASE, "modeldeploy", changes, findings,
                List.of());
    }

    private static ManifestChange added(String id, int diffLines) {
        StringBuilder diff = new StringBuilder("--- /dev/null\n+++ b/Service/" + id + "\n@@ -0,0 +1," + diffLines + " @@\n");
        for (int i = 0; i < diffLines; i++) {
            diff.append("+line ").append(i).append(" of ").append(id).append('\n');
        }
        return new ManifestChange("ModelDeployment", id, ChangeAction.ADDED, "deployments/" + id + ".yaml",
                List.of("new deployment with 1 object"),
                List.of(new ObjectChange("serving.knative.dev/v1", "Service", id, ChangeAction.ADDED, diff.toString())));
    }

    @Test
    void whenEvenTheSectionsDoNotFitWholeSectionsAtTheEndAreLeftOut() {
        List<ManifestChange> changes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            changes.add(added("model-" + i, 5));
        }

        String text = MarkdownReport.render(plan(changes, List.of()), 12_000);

        assertThat(text.length()).isLessThanOrEqualTo(12_000);
        assertThat(text).contains("| ModelDeployment `model-99` | added |")
                .contains("#### ModelDeployment `model-0`: added")
                .doesNotContain("#### ModelDeployment `model-99`: added")
                .containsPattern(":scissors: This plan was shortened to stay under 12,000 characters: 100 diffs were "
                        + "left out and \\d+ changed manifests are not shown\\.");
    }

    @Test
    void whenTheTableDoesNotFitItIsShortened() {
        List<ManifestChange> changes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            changes.add(added("model-" + i, 5));
        }

        String text = MarkdownReport.render(plan(changes, List.of()), 6_000);

        assertThat(text.length()).isLessThanOrEqualTo(6_000);
        assertThat(text).contains("#### ModelDeployment `model-0`: added")
                .containsPattern("\\| … and \\d+ more \\| \\| \\| \\|\n")
                .contains("99 changed manifests are not shown");
    }

    @Test
    void contentCannotCloseTheFenceOrInjectMarkup() {
        ManifestChange change = new ManifestChange("ModelRoute", "r", ChangeAction.CHANGED, null,
                List.of("image <b>a</b> → `b`_c_"),
                List.of(new ObjectChange("v1", "ConfigMap", "r", ChangeAction.CHANGED, "-a: ```\n+a: ````\n")));

        String text = MarkdownReport.render(plan(List.of(change), List.of()));

        assertThat(text).contains("- image &lt;b&gt;a&lt;/b&gt; → \\`b\\`\\_c\\_\n")
                .contains("`````diff\n-a: ```\n+a: ````\n`````\n");
    }

    @Test
    void findingsAreListedWithFileLineAndColumn() {
        Finding finding = new Finding(new SourceLocation("deployments/models/wine.yaml", 16, 16), "ModelDeployment",
                "wine", "$.spec.maxReplicas", "expected a whole number");

        String text = MarkdownReport.render(plan(List.of(), List.of(finding)));

        assertThat(text).contains("1 validation error**")
                .contains("deployments/models/wine.yaml:16:16: error: wine: $.spec.maxReplicas: expected a whole number\n")
                .doesNotContain("Merging would change nothing");
    }
}
