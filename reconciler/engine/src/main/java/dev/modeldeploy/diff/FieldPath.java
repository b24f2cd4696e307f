package dev.modeldeploy.diff;

/**
 * Where a value sits in an object: the keys from the root, a list's items as {@value #ITEM}. It names a field in
 * reports ({@code spec.template}, {@code metadata.annotations[example.com/key]}) and tells the comparison what the
 * field holds (see {@link QuantityFields}).
 */
record FieldPath(FieldPath parent, String key) {
    static final FieldPath ROOT = new FieldPath(null, null);
    static final String ITEM = "[]";

    FieldPath field(String name) {
        return new FieldPath(this, name);
    }

    FieldPath item() {
        return new FieldPath(this, ITEM);
    }

    /** The key this many levels above this one (0 is this one's), or null above the root. */
    String keyAbove(int levels) {
        FieldPath at = this;
        for (int i = 0; i < levels && at != null; i++) {
            at = at.parent;
        }
        return at == null ? null : at.key;
    }

    /** Dotted, with keys that are not plain words in brackets. */
    @Override
    public String toString() {
        if (parent == null) {
            return "";
        }
        String above = parent.toString();
        if (key.equals(ITEM)) {
            return above + ITEM;
        }
        boolean plain = key.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-');
        if (above.isEmpty()) {
            return plain ? key : "[" + key + "]";
        }
        return plain ? above + "." + key : above + "[" + key + "]";
    }
}
