package dev.modeldeploy.manifest.rules;

import java.util.Optional;
import java.util.regex.Pattern;

/** Kubernetes' syntax for label keys, label values and annotation keys, with messages that say which part is wrong. */
public final class KubernetesNames {
    private static final Pattern NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_NAME = 63;
    private static final int MAX_PREFIX = 253;

    private KubernetesNames() {
    }

    /** Empty when valid; otherwise why not. An empty label value is valid. */
    public static Optional<String> labelValueError(String value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.length() > MAX_NAME) {
            return Optional.of("'" + value + "' is not a valid label value: longer than " + MAX_NAME + " characters");
        }
        if (!NAME_PART.matcher(value).matches()) {
            return Optional.of("'" + value + "' is not a valid label value: use letters, digits, '-', '_' or '.', "
                    + "starting and ending with a letter or digit");
        }
        return Optional.empty();
    }

    /** Label keys and annotation keys share this syntax: [prefix/]name. */
    public static Optional<String> qualifiedNameError(String key, String what) {
        String name = key;
        int slash = key.lastIndexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > MAX_PREFIX || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return Optional.of("'" + key + "' is not a valid " + what + ": the prefix before '/' must be a lowercase DNS "
                        + "subdomain of at most " + MAX_PREFIX + " characters, such as example.com");
            }
        }
        if (name.isEmpty() || name.length() > MAX_NAME || !NAME_PART.matcher(name).matches()) {
            return Optional.of("'" + key + "' is not a valid " + what + ": the name" + (slash >= 0 ? " after '/'" : "")
                    + " must be 1 to " + MAX_NAME + " letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
        }
        return Optional.empty();
    }
}
