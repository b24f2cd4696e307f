package dev.modeldeploy.render;

import java.util.regex.Pattern;

/** JSON paths for findings, in the $.a.b / $.a['x/y'] form the validator uses. */
public final class JsonPaths {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private JsonPaths() {
    }

    public static String child(String parent, String key) {
        return PLAIN.matcher(key).matches() ? parent + "." + key : parent + "['" + key.replace("'", "\\'") + "']";
    }

    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
