package dev.modeldeploy.manifest;

import java.util.List;
import java.util.Map;

/** A header-based A/B rule, evaluated in manifest order before the route's default split. */
public record RouteRule(Map<String, HeaderMatch> headers, List<WeightedTarget> modelDeployments) {
}
