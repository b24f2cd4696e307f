package dev.modeldeploy.api;

/**
 * Where the manifests come from, as the API shows it: repo is a display URL without credentials (or a plain path),
 * path the folder inside the repository ("" = whole repository). Commits are null until known.
 */
public record SourceInfo(String repo, String branch, String path, String commitSeen, String commitApplied) {
}
