package dev.modeldeploy.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the daemon publishes after each reconcile for the HTTP API, the pages and the catalog. openApiByDeployment
 * maps a deployment id to its OpenAPI document (the renderers' ConfigMap {@code <id>-openapi}, key openapi.json).
 * updated is when the daemon built this snapshot (null before the first reconcile).
 */
public record ApiState(
        SourceInfo source,
        List<DeploymentView> deployments,
        List<RouteView> routes,
        Map<String, String> openApiByDeployment,
        List<FailedManifest> failedManifests,
        Instant updated) {

    public ApiState {
        deployments = deployments == null ? List.of() : List.copyOf(deployments);
        routes = routes == null ? List.of() : List.copyOf(routes);
        openApiByDeployment = openApiByDeployment == null ? Map.of() : Map.copyOf(openApiByDeployment);
        failedManifests = failedManifests == null ? List.of() : List.copyOf(failedManifests);
    }

    /** Before the first reconcile: the source is known, nothing else is. */
    public static ApiState empty(SourceInfo source) {
        return new ApiState(source, List.of(), List.of(), Map.of(), List.of(), null);
    }
}
