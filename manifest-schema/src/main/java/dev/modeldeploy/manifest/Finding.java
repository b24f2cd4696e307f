package dev.modeldeploy.manifest;

/**
 * One validation finding. kind and id are null when the document could not be read far enough to know them;
 * jsonPath is like {@code $.spec.minReplicas}.
 */
public record Finding(SourceLocation location, String kind, String id, String jsonPath, String message, Severity severity) {

    /** An error, the usual finding. */
    public Finding(SourceLocation location, String kind, String id, String jsonPath, String message) {
        this(location, kind, id, jsonPath, message, Severity.ERROR);
    }

    public static Finding warning(SourceLocation location, String kind, String id, String jsonPath, String message) {
        return new Finding(location, kind, id, jsonPath, message, Severity.WARNING);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The same finding at another place (a path made relative to the repository, say). */
    public Finding at(SourceLocation newLocation) {
        return new Finding(newLocation, kind, id, jsonPath, message, severity);
    }

    /** The form compilers use, so editors and CI logs link to the place: {@code FILE:LINE:COL: error: <id>: <path>: <message>}. */
    public String toText() {
        return location + ": " + severity.label() + ": " + (id == null ? "-" : id) + ": " + (jsonPath == null ? "$" : jsonPath) + ": " + message;
    }
}
