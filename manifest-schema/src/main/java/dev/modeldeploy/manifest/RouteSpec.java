package dev.modeldeploy.manifest;

import java.util.List;

/** mirror may be null; the lists are never null. */
public record RouteSpec(String urlPrefix, List<WeightedTarget> modelDeployments, String mirror, List<RouteRule> rules) {
}
