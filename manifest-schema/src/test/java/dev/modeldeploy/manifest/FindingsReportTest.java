package dev.modeldeploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FindingsReportTest {
    private static final Finding VALUE = new Finding(new SourceLocation("team/a.yaml", 6, 16), "ModelDeployment", "wine",
            "$.spec.minReplicas", "must be at least 0 (is -1)");
    private static final Finding FILE = new Finding(new SourceLocation("b.yaml", 1, 1), null, null, null, "file is too large");

    @Test
    void textIsOneCompilerStyleLinePerFinding() {
        assertThat(FindingsReport.textLines(List.of(VALUE, FILE))).containsExactly(
                "team/a.yaml:6:16: error: wine: $.spec.minReplicas: must be at least 0 (is -1)",
                "b.yaml:1:1: error: -: $: file is too large");
    }

    @Test
    void summaryCountsErrorsAndFailedFiles() {
        ManifestSet failed = new ManifestSet(List.of(), List.of(), List.of(VALUE, FILE), Set.of("team/a.yaml", "b.yaml"));
        ManifestSet oneError = new ManifestSet(List.of(), List.of(), List.of(VALUE), Set.of("team/a.yaml"));
        ManifestSet clean = new ManifestSet(List.of(), List.of(), List.of(), Set.of());

        assertThat(FindingsReport.summary(failed, 3)).isEqualTo("2 errors in 2 of 3 files");
        assertThat(FindingsReport.summary(oneError, 1)).isEqualTo("1 error in 1 of 1 file");
        assertThat(FindingsReport.summary(clean, 3)).isEqualTo("no errors in 3 files");
    }

    @Test
    void jsonIsAnArrayOfFlatObjects() throws Exception {
        assertThat(FindingsReport.toJson(List.of(VALUE, FILE))).isEqualTo(new ObjectMapper().readTree("""
                [{"file": "team/a.yaml", "line": 6, "column": 16, "kind": "ModelDeployment", "id": "wine",
                  "path": "$.spec.minReplicas", "message": "must be at least 0 (is -1)"},
                 {"file": "b.yaml", "line": 1, "column": 1, "kind": null, "id": null, "path": null, "message": "file is too large"}]
                """));
    }
}
