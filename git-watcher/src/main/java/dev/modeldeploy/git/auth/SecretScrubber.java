package dev.modeldeploy.git.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it leaves this module (exception messages, log lines, status messages):
 * the userinfo part of any {@code scheme://user:secret@host} URL (a plain SSH user name is kept), and every secret value it has been told about, in
 * plain, URL-encoded and HTTP Basic (base64 of {@code user:secret}) forms.
 *
 * <p>Thread-safe; secrets can be added at any time (rotated tokens are added when read).
 */
public final class SecretScrubber {

    static final String MASK = "***";
    /** Shorter values would mask ordinary words; such secrets are rejected when read instead. */
    static final int MIN_SECRET_LENGTH = 4;

    private static final int MAX_CAUSE_DEPTH = 16;
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*)://([^/@\\s'\"]+)@");

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    public SecretScrubber() {
    }

    public SecretScrubber(Iterable<String> knownSecrets) {
        knownSecrets.forEach(this::addSecret);
    }

    /** Masks {@code secret} from now on. Values shorter than 4 characters are ignored. */
    public void addSecret(String secret) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            return;
        }
        secrets.add(secret);
        secrets.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    }

    /** Also masks the HTTP Basic form of {@code username:secret}. */
    public void addBasicCredentials(String username, String secret) {
        addSecret(secret);
        if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
            secrets.add(Base64.getEncoder().encodeToString(
                    (username + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The text with URL userinfo and known secrets replaced by {@code ***}; null stays null. */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String result = URL_USERINFO.matcher(text).replaceAll(match -> Matcher.quoteReplacement(
                match.group(1) + "://" + maskedUserinfo(match.group(1), match.group(2)) + "@"));
        // Longest first, so a secret containing another is masked whole.
        List<String> ordered = secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String secret : ordered) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }

    /** An SSH user name is not a secret; anything else before '@' may be a token (https://TOKEN@host). */
    private static String maskedUserinfo(String scheme, String userinfo) {
        boolean ssh = scheme.toLowerCase(java.util.Locale.ROOT).contains("ssh");
        return ssh && userinfo.indexOf(':') < 0 ? userinfo : MASK;
    }

    /**
     * A copy of {@code error} and its causes with scrubbed messages, keeping class names and stack traces, for
     * attaching as the cause of an exception that leaves this module.
     */
    public Throwable scrubbedCopy(Throwable error) {
        return scrubbedCopy(error, 0);
    }

    private Throwable scrubbedCopy(Throwable error, int depth) {
        if (error == null || depth > MAX_CAUSE_DEPTH) {
            return null;
        }
        Throwable cause = error.getCause() == error ? null : error.getCause();
        ScrubbedThrowable copy = new ScrubbedThrowable(
                error.getClass().getName() + ": " + scrub(String.valueOf(error.getMessage())),
                scrubbedCopy(cause, depth + 1));
        copy.setStackTrace(error.getStackTrace());
        return copy;
    }

    /** Stands in for an original exception whose message may have held a secret. */
    static final class ScrubbedThrowable extends Exception {
        ScrubbedThrowable(String message, Throwable cause) {
            super(message, cause, false, true);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
