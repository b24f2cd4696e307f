package dev.modeldeploy.manifest.rules;

/**
 * One error inside a document, before it is tied to a file position. The anchor says which YAML node the
 * position comes from: the key of the field (unknown fields), its value (bad values), or the start of the
 * enclosing mapping (a missing required field has no node of its own).
 */
public record Problem(FieldPath path, Anchor anchor, String message) {

    public enum Anchor { KEY, VALUE, PARENT }

    public static Problem atValue(FieldPath path, String message) {
        return new Problem(path, Anchor.VALUE, message);
    }

    public static Problem atKey(FieldPath path, String message) {
        return new Problem(path, Anchor.KEY, message);
    }

    public static Problem missing(FieldPath path, String message) {
        return new Problem(path, Anchor.PARENT, message);
    }
}
