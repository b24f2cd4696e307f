package dev.modeldeploy.api;

import dev.modeldeploy.health.ManifestStatus;
import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.sync.common.ChangeSet;

/**
 * One deployment as the API and pages show it. sourceFile is relative to the repository root, sourceCommit the
 * last commit that changed it; lastChanges holds only this deployment's entries of the last change set (may be
 * null before the first apply).
 */
public record DeploymentView(
        ModelDeployment deployment,
        String sourceFile,
        String sourceCommit,
        ManifestStatus status,
        ChangeSet lastChanges) {

    public String id() {
        return deployment.id();
    }
}
