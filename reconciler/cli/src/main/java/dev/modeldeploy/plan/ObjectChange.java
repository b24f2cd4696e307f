package dev.modeldeploy.plan;

/**
 * One rendered object of a manifest and what would happen to it. diff is a unified diff of its YAML (before as
 * a/, after as b/), empty when unchanged; Secret values never appear in it.
 */
public record ObjectChange(String apiVersion, String kind, String name, ChangeAction action, String diff) {
}
