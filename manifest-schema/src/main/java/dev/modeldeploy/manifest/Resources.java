package dev.modeldeploy.manifest;

public record Resources(ResourceList requests, ResourceList limits) {
}
