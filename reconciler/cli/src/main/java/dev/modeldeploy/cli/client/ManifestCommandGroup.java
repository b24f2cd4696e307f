package dev.modeldeploy.cli.client;

/** The parent of get/create/edit/delete: says which kind they manage and what environment they read. */
public interface ManifestCommandGroup {

    ManifestKind kind();

    ClientEnvironment environment();
}
