package dev.modeldeploy.manifest.yaml;

/**
 * A file that cannot be turned into documents at all (too large, not UTF-8, not YAML, an alias bomb). Carries
 * the 1-based position of the problem; 1:1 when it concerns the whole file.
 */
public final class UnreadableYamlException extends Exception {
    private final int line;
    private final int column;

    public UnreadableYamlException(int line, int column, String message) {
        super(message, null, false, false);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
