package dev.modeldeploy.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.modeldeploy.health.ManifestStatus;
import dev.modeldeploy.health.State;
import dev.modeldeploy.manifest.ApiExample;
import dev.modeldeploy.manifest.DeploymentSpec;
import dev.modeldeploy.manifest.Finding;
import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.manifest.ModelInfo;
import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.manifest.Predictor;
import dev.modeldeploy.manifest.ResourceList;
import dev.modeldeploy.manifest.Resources;
import dev.modeldeploy.manifest.RouteSpec;
import dev.modeldeploy.manifest.SourceLocation;
import dev.modeldeploy.manifest.WeightedTarget;
import dev.modeldeploy.render.Owner;
import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSet;
import dev.modeldeploy.sync.common.ChangeSetEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A daemon's state after a reconcile: a ready, a processing and a failed deployment, an invalid one, a route. */
public final class Fixtures {

    public static final String COMMIT = "1111111111111111111111111111111111111111";
    public static final String NEWER = "2222222222222222222222222222222222222222";
    public static final Instant UPDATED = Instant.parse("2026-11-24T20:00:00Z");

    private Fixtures() {
    }

    public static ApiState state(String modelServerUrl) {
        return new ApiState(
                new SourceInfo("https://git.example.com/ml/models.git", "main", "deployments", COMMIT, COMMIT),
                List.of(
                        deployment("wine", "ml-team", ready("wine", modelServerUrl)),
                        deployment("wine-b", "ml-team", status("wine-b", State.Processing, null, null, 1, 0, COMMIT)),
                        deployment("iris", "cv-team", status("iris", State.Failed,
                                "revision iris-00002 is not ready: image pull failed (ImagePullBackOff)", null, 1, 0, COMMIT))),
                List.of(route()),
                Map.of("wine", wineOpenApi()),
                List.of(new FailedManifest("ModelDeployment", "broken", "deployments/broken.yaml", COMMIT, List.of(
                        new Finding(new SourceLocation("deployments/broken.yaml", 7, 16), "ModelDeployment", "broken",
                                "$.spec.minReplicas", "must be at least 0")))),
                UPDATED);
    }

    public static ManifestStatus ready(String id, String url) {
        return status(id, State.Ready, null, url, 1, 1, COMMIT);
    }

    public static ManifestStatus status(String id, State state, String message, String url, Integer replicas,
                                        Integer available, String commit) {
        return new ManifestStatus("ModelDeployment", id, state, message, url, replicas, available,
                url == null ? null : id + "-00001", commit, commit, UPDATED);
    }

    public static DeploymentView deployment(String id, String role, ManifestStatus status) {
        DeploymentSpec spec = new DeploymentSpec(Predictor.ODAHU_ML_SERVER, "registry.example.com/" + id + ":1.0", null,
                new Resources(new ResourceList("1", "1Gi", null), new ResourceList("1", "1Gi", null)),
                0, 1, 2, 2, role, Map.of(), Map.of(), new ModelInfo(id, "1"),
                List.of(new ApiExample("default",
                        JsonNodeFactory.instance.objectNode().put("columns", "alcohol"),
                        JsonNodeFactory.instance.objectNode().put("quality", 6.0))));
        ModelDeployment deployment = new ModelDeployment(id, spec, new SourceLocation("deployments/" + id + ".yaml", 1, 1));
        Owner owner = new Owner("ModelDeployment", id);
        ChangeSet changes = new ChangeSet(status.commitApplied(), List.of(
                new ChangeSetEntry(owner, "serving.knative.dev/v1", "Service", id, Action.CREATED, null),
                new ChangeSetEntry(owner, "v1", "ConfigMap", id + "-openapi", Action.UNCHANGED, null)));
        return new DeploymentView(deployment, "deployments/" + id + ".yaml", status.commitApplied(), status, changes);
    }

    public static DeploymentView withStatus(DeploymentView view, ManifestStatus status) {
        return new DeploymentView(view.deployment(), view.sourceFile(), view.sourceCommit(), status, view.lastChanges());
    }

    public static RouteView route() {
        ModelRoute route = new ModelRoute("wine-route", new RouteSpec("/custom/wine-ab",
                List.of(new WeightedTarget("wine", 80), new WeightedTarget("wine-b", 20)), null, List.of()),
                new SourceLocation("deployments/routes.yaml", 1, 1));
        ManifestStatus status = new ManifestStatus("ModelRoute", "wine-route", State.Ready, null,
                "http://models.example.com/custom/wine-ab", null, null, null, COMMIT, COMMIT, UPDATED);
        ChangeSet changes = new ChangeSet(COMMIT, List.of(new ChangeSetEntry(new Owner("ModelRoute", "wine-route"),
                "networking.istio.io/v1", "VirtualService", "wine-route", Action.CONFIGURED, "spec.http[0].route changed")));
        return new RouteView(route, "deployments/routes.yaml", COMMIT, status, changes);
    }

    public static String wineOpenApi() {
        return """
                {
                  "openapi": "3.0.3",
                  "info": {"title": "wine", "version": "1"},
                                    "paths": {
                    "/model/wine/api/model/info": {"get": {"summary": "Model information", "operationId": "info",
                      "responses": {"200": {"description": "OK"}}}},
                    "/model/wine/api/model/invoke": {"post": {"summary": "Predict the quality of a wine", "operationId": "invoke",
                      "requestBody": {"content": {"application/json": {"schema": {"type": "object"},
                        "example": {"columns": ["alcohol"], "data": [[12.8]]}}}},
                      "responses": {"200": {"description": "Prediction", "content": {"application/json": {
                        "example": {"prediction": [6.0], "columns": ["quality"]}}}}}}}
                  }
                }
                """;
    }
}
