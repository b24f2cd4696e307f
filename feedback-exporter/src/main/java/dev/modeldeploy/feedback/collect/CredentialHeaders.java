package dev.modeldeploy.feedback.collect;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Drops headers that carry credentials before anything is stored: those never reach the spool or the bucket. */
public final class CredentialHeaders {
    private static final Set<String> NAMES = Set.of(
            "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", "apikey",
            "x-amz-security-token", "x-goog-iap-jwt-assertion", "x-forwarded-client-cert", "www-authenticate",
            "proxy-authenticate");
    private static final Pattern LOOKS_SECRET = Pattern.compile(".*(authorization|token|secret|passw|api[-_]?key|credential|cookie|session|jwt|-auth-|^x-auth).*");

    private CredentialHeaders() {
    }

    public static boolean isCredential(String headerName) {
        String name = headerName.toLowerCase(Locale.ROOT);
        return NAMES.contains(name) || LOOKS_SECRET.matcher(name).matches();
    }

    /** Lower-cased header names mapped to their values, credentials removed. */
    public static Map<String, String> strip(Map<String, String> headers) {
        Map<String, String> kept = new TreeMap<>();
        headers.forEach((name, value) -> {
            if (!isCredential(name)) {
                kept.put(name.toLowerCase(Locale.ROOT), value);
            }
        });
        return kept;
    }
}
