package dev.modeldeploy.api;

import dev.modeldeploy.manifest.Finding;
import java.util.List;

/**
 * A manifest document that failed validation, so it has no valid spec to show. kind and id are null when the
 * document could not be read far enough to know them; such manifests are only listed under /api/v1/findings.
 * commit is the commit the invalid file was seen at.
 */
public record FailedManifest(String kind, String id, String sourceFile, String commit, List<Finding> findings) {

    public String message() {
        return String.join("; ", findings.stream().map(Finding::toText).toList());
    }
}
