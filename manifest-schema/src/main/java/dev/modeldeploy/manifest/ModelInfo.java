package dev.modeldeploy.manifest;

/**
 * The model's name and version, reported in the model-name / model-version response headers and used to
 * partition feedback. Defaults: name = deployment id, version = "1".
 */
public record ModelInfo(String name, String version) {
}
