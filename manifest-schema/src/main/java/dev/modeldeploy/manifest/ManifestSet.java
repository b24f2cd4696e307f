package dev.modeldeploy.manifest;

import java.util.List;
import java.util.Set;

/**
 * Everything read from a folder of manifests: the valid deployments and routes, and every finding. A manifest
 * with a finding is not in the valid lists. failedFiles names every file (relative to the folder, '/'-separated)
 * that produced a finding, so callers can protect what those files deployed before even when their ids
 * could not be read.
 */
public record ManifestSet(
        List<ModelDeployment> deployments,
        List<ModelRoute> routes,
        List<Finding> findings,
        Set<String> failedFiles) {

    public boolean valid() {
        return findings.isEmpty();
    }
}
