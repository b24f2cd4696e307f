package dev.modeldeploy.render.istio;

import dev.modeldeploy.manifest.ModelInfo;

/** A deployment a route can send requests to: its Knative Service and the model it serves. */
public record RouteTarget(String deploymentId, String knativeService, ModelInfo model) {
}
