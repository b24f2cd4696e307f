package dev.modeldeploy.manifest;

public record ModelDeployment(String id, DeploymentSpec spec, SourceLocation source) {
    public static final String KIND = "ModelDeployment";
}
