package dev.modeldeploy.api;

import dev.modeldeploy.health.ManifestStatus;
import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.rollout.RolloutView;
import dev.modeldeploy.sync.common.ChangeSet;

/** One route as the API and pages show it; fields as in {@link DeploymentView}; rollout is null without one. */
public record RouteView(
        ModelRoute route,
        String sourceFile,
        String sourceCommit,
        ManifestStatus status,
        ChangeSet lastChanges,
        RolloutView rollout) {

    public RouteView(ModelRoute route, String sourceFile, String sourceCommit, ManifestStatus status, ChangeSet lastChanges) {
        this(route, sourceFile, sourceCommit, status, lastChanges, null);
    }

    public String id() {
        return route.id();
    }
}
