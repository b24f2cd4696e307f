package dev.modeldeploy.manifest;

import java.util.List;
import java.util.Set;

/**
 * Everything read from a folder of manifests: the valid deployments and routes, every error (findings) and every
 * warning. A manifest with an error is not in the valid lists. failedFiles names every file (relative to the
 * folder, '/'-separated) that produced an error, so callers can protect what those files deployed before even when
 * their ids could not be read. Warnings mark documents read but deliberately not deployed (other ODAHU kinds,
 * JSON files that hold no manifest); they make nothing invalid and put no file in failedFiles.
 */
public record ManifestSet(
        List<ModelDeployment> deployments,
        List<ModelRoute> routes,
        List<Finding> findings,
        Set<String> failedFiles,
        List<Finding> warnings) {

    /** A set without warnings. */
    public ManifestSet(List<ModelDeployment> deployments, List<ModelRoute> routes, List<Finding> findings, Set<String> failedFiles) {
        this(deployments, routes, findings, failedFiles, List.of());
    }

    /** True when there is no error; warnings do not count. */
    public boolean valid() {
        return findings.isEmpty();
    }
}
