package dev.modeldeploy.feedback.collect;

import java.util.regex.Pattern;

/** Checks values that become parts of object keys (model name and version) or are stored as ids. */
final class Names {
    private static final Pattern PATH_SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~+-]{0,252}");
    private static final int MAX_ID_LENGTH = 512;

    private Names() {
    }

    static String pathSafe(String what, String value) throws BadRequestException {
        if (!PATH_SAFE.matcher(value).matches()) {
            throw new BadRequestException(what + " '" + abbreviate(value) + "' is not allowed: it becomes a folder in the bucket,"
                    + " so use letters, digits and . _ ~ + - (starting with a letter or digit, at most 253 characters)");
        }
        return value;
    }

    static String requestId(String what, String value) throws BadRequestException {
        if (value.length() > MAX_ID_LENGTH || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new BadRequestException(what + " must be at most " + MAX_ID_LENGTH + " printable characters");
        }
        return value;
    }

    private static String abbreviate(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }
}
