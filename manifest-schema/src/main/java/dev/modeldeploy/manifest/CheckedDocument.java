package dev.modeldeploy.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.manifest.rules.FieldPath;
import dev.modeldeploy.manifest.rules.Problem;
import dev.modeldeploy.manifest.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.List;

/**
 * One document of one file while it is being checked; findings (errors) grow as cross-document checks run. A
 * skipped document is read but not deployed (another ODAHU kind); its warnings say why.
 */
final class CheckedDocument {
    private final String file;
    private final int fileIndex;
    private final String kind;
    private final String id;
    private final YamlDocument yaml;
    private final List<Finding> findings = new ArrayList<>(0);
    private final List<Finding> warnings = new ArrayList<>(0);
    private boolean skipped;

    CheckedDocument(String file, int fileIndex, String kind, String id, YamlDocument yaml) {
        this.file = file;
        this.fileIndex = fileIndex;
        this.kind = kind;
        this.id = id;
        this.yaml = yaml;
    }

    String file() {
        return file;
    }

    int fileIndex() {
        return fileIndex;
    }

    /** The kind as written when it is text, even an unknown one; null otherwise. */
    String kind() {
        return kind;
    }

    String id() {
        return id;
    }

    JsonNode json() {
        return yaml.json();
    }

    YamlDocument yaml() {
        return yaml;
    }

    boolean isDeployment() {
        return ModelDeployment.KIND.equals(kind);
    }

    boolean isRoute() {
        return ModelRoute.KIND.equals(kind);
    }

    List<Finding> findings() {
        return findings;
    }

    List<Finding> warnings() {
        return warnings;
    }

    boolean skipped() {
        return skipped;
    }

    /** Leaves the document out without making it invalid, and says why. */
    void skip(FieldPath path, String reason) {
        skipped = true;
        warnings.add(Finding.warning(location(path, Problem.Anchor.VALUE), kind, id, path.toJsonPath(), reason));
    }

    void add(Problem problem) {
        findings.add(new Finding(location(problem.path(), problem.anchor()), kind, id, problem.path().toJsonPath(), problem.message()));
    }

    void add(YamlDocument.YamlProblem problem) {
        SourceLocation at = new SourceLocation(file, problem.position().line(), problem.position().column());
        findings.add(new Finding(at, kind, id, problem.path().toJsonPath(), problem.message()));
    }

    SourceLocation location(FieldPath path, Problem.Anchor anchor) {
        YamlDocument.Position position = yaml.position(path, anchor);
        return new SourceLocation(file, position.line(), position.column());
    }

    SourceLocation start() {
        return location(FieldPath.ROOT, Problem.Anchor.VALUE);
    }
}
