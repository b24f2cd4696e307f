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
    private static final Finding SKIPPED = Finding.warning(new SourceLocation("bulk.yaml", 1, 7), "Connection", "git", "$.kind",
            "ODAHU Connection skipped: modeldeploy deploys models; it does not train or package");

    @Test
    void textIsOneCompilerStyleLinePerFinding() {
        assertThat(FindingsReport.textLines(List.of(VALUE, FILE, SKIPPED))).containsExactly(
                "team/a.yaml:6:16: error: wine: $.spec.minReplicas: must be at least 0 (is -1)",
                "b.yaml:1:1: error: -: $: file is too large",
                "bulk.yaml:1:7: warning: git: $.kind: ODAHU Connection skipped: modeldeploy deploys models; it does not train or package");
    }

    @Test
    void summaryCountsErrorsAndFailedFiles() {
        ManifestSet failed = new ManifestSet(List.of(), List.of(), List.of(VALUE, FILE), Set.of("team/a.yaml", "b.yaml"));
        ManifestSet oneError = new ManifestSet(List.of(), List.of(), List.of(VALUE), Set.of("team/a.yaml"));
        ManifestSet clean = new ManifestSet(List.of(), List.of(), List.of(), Set.of());

        assertThat(FindingsReport.summary(failed, 3)).isEqualTo("2 errors in 2 of 3 files");
        assertThat(FindingsReport.summary(oneError, 1)).isEqualTo("1 error in 1 of 1 file");
        assertThat(FindingsReport.summary(clean, 3)).isEqualTo("no errors in 3 files");
        ManifestSet warned = new ManifestSet(List.of(), List.of(), List.of(VALUE), Set.of("team/a.yaml"), List.of(SKIPPED, SKIPPED));
        ManifestSet onlyWarned = new ManifestSet(List.of(), List.of(), List.of(), Set.of(), List.of(SKIPPED));
        assertThat(FindingsReport.summary(warned, 2)).isEqualTo("1 error in 1 of 2 files; 2 warnings");
        assertThat(FindingsReport.summary(onlyWarned, 1)).isEqualTo("no errors in 1 file; 1 warning");
        assertThat(onlyWarned.valid()).isTrue();
    }

    @Test
    void jsonIsAnArrayOfFlatObjects() throws Exception {
        assertThat(FindingsReport.toJson(List.of(VALUE, FILE, SKIPPED))).isEqualTo(new ObjectMapper().readTree("""
                [{"file": "team/a.yaml", "line": 6, "column": 16, "severity": "error", "kind": "ModelDeployment", "id": "wine",
                  "path": "$.spec.minReplicas", "message": "must be at least 0 (is -1)"},
                 {"file": "b.yaml", "line": 1, "column": 1, "severity": "error", "kind": null, "id": null, "path": null,
                  "message": "file is too large"},
                 {"file": "bulk.yaml", "line": 1, "column": 7, "severity": "warning", "kind": "Connection", "id": "git",
                  "path": "$.kind", "message": "ODAHU Connection skipped: modeldeploy deploys models; it does not train or package"}]
                """));
    }
}
