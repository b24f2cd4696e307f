package dev.modeldeploy.manifest;

/** One destination of a route; weight is null when the manifest leaves it out (allowed for a single target). */
public record WeightedTarget(String mdName, Integer weight) {
}
