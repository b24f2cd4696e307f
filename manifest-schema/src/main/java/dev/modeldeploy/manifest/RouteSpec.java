package dev.modeldeploy.manifest;

import java.util.List;

/** mirror and rollout may be null; the lists are never null. */
public record RouteSpec(String urlPrefix, List<WeightedTarget> modelDeployments, String mirror, List<RouteRule> rules,
        RolloutSpec rollout) {

    /** A route without a rollout: its weights are the ones written in the manifest. */
    public RouteSpec(String urlPrefix, List<WeightedTarget> modelDeployments, String mirror, List<RouteRule> rules) {
        this(urlPrefix, modelDeployments, mirror, rules, null);
    }

    public boolean hasRollout() {
        return rollout != null;
    }
}
