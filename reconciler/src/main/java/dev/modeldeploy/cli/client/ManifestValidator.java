package dev.modeldeploy.cli.client;

import dev.modeldeploy.manifest.Finding;
import dev.modeldeploy.manifest.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The validation the daemon applies, run on the user's machine. Interim: YAML syntax, kind and id only, until
 * manifest-schema's ManifestLoader is installed; then this delegates to it.
 */
final class ManifestValidator {

    private ManifestValidator() {
    }

    static List<Finding> validate(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            return List.of(new Finding(new SourceLocation(file.toString(), 1, 1), null, null, "$", "cannot read the file"));
        }
        List<Finding> findings = new ArrayList<>();
        for (ManifestDocuments.Document document : ManifestDocuments.split(text)) {
            SourceLocation at = new SourceLocation(file.toString(), document.firstLine(), 1);
            if (document.kind() == null) {
                findings.add(new Finding(at, null, document.id(), "$.kind",
                        "missing or unreadable kind (ModelDeployment or ModelRoute)"));
            } else if (document.id() == null) {
                findings.add(new Finding(at, document.kind(), null, "$.id", "missing id"));
            }
        }
        return findings;
    }
}
