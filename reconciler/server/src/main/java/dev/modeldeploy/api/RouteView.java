package dev.modeldeploy.api;

import dev.modeldeploy.health.ManifestStatus;
import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.sync.common.ChangeSet;

/** One route as the API and pages show it; fields as in {@link DeploymentView}. */
public record RouteView(
        ModelRoute route,
        String sourceFile,
        String sourceCommit,
        ManifestStatus status,
        ChangeSet lastChanges) {

    public String id() {
        return route.id();
    }
}
