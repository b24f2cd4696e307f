package dev.modeldeploy.manifest;

public record ModelRoute(String id, RouteSpec spec, SourceLocation source) {
    public static final String KIND = "ModelRoute";
}
