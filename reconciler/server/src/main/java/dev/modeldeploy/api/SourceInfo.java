package dev.modeldeploy.api;

/**
 * Where the manifests come from, as the API shows it: repo is a display URL without credentials (or a plain path),
 * path the folder inside the repository ("" = whole repository). Commits are null until known. error says why the
 * last poll of the remote failed (free of secrets), null when it worked: the last applied state keeps serving.
 */
public record SourceInfo(String repo, String branch, String path, String commitSeen, String commitApplied, String error) {

    public SourceInfo(String repo, String branch, String path, String commitSeen, String commitApplied) {
        this(repo, branch, path, commitSeen, commitApplied, null);
    }
}
