package dev.modeldeploy.manifest;

/** Kubernetes quantities as written in the manifest; gpu may be null. */
public record ResourceList(String cpu, String memory, String gpu) {
}
