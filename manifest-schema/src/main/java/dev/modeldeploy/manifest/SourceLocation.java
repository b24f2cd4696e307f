package dev.modeldeploy.manifest;

/** A place in a manifest file; line and column are 1-based, as editors and compilers print them. */
public record SourceLocation(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
