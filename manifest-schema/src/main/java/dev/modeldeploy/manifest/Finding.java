package dev.modeldeploy.manifest;

/**
 * One validation error. kind and id are null when the document could not be read far enough to know them;
 * jsonPath is like {@code $.spec.minReplicas}.
 */
public record Finding(SourceLocation location, String kind, String id, String jsonPath, String message) {
    /** The form compilers use, so editors and CI logs link to the place: {@code FILE:LINE:COL: error: <id>: <path>: <message>}. */
    public String toText() {
        return location + ": error: " + (id == null ? "-" : id) + ": " + (jsonPath == null ? "$" : jsonPath) + ": " + message;
    }
}
