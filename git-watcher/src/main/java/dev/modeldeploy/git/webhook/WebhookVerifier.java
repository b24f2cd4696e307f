package dev.modeldeploy.git.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies push webhook deliveries against a shared secret.
 *
 * <ul>
 *   <li>{@link Provider#GITHUB}: header {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>};</li>
 *   <li>{@link Provider#GITLAB}: header {@code X-Gitlab-Token} equal to the secret;</li>
 *   <li>{@link Provider#GENERIC}: header {@code X-Signature-256}, hex HMAC-SHA256 of the raw body, with or without a
 *       {@code sha256=} prefix.</li>
 * </ul>
 *
 * All comparisons are constant-time. The body must be the exact bytes received (before any JSON parsing). Thread-safe.
 *
 * <pre>{@code
 * WebhookVerifier verifier = new WebhookVerifier(Provider.GITHUB, secretBytes);
 * WebhookVerification v = verifier.verify(request::getHeader, body);
 * if (v.concerns("main")) trigger.request();
 * }</pre>
 */
public final class WebhookVerifier {

    /** Who sends the webhook, which decides the header and scheme. */
    public enum Provider {
        GITHUB("X-Hub-Signature-256"),
        GITLAB("X-Gitlab-Token"),
        GENERIC("X-Signature-256");

        private final String header;

        Provider(String header) {
            this.header = header;
        }

        /** The header carrying the signature or token. */
        public String header() {
            return header;
        }

        /** {@code github}, {@code gitlab} or {@code generic}, case-insensitive. */
        public static Provider parse(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("webhook provider must be github, gitlab or generic, got '"
                        + name + "'");
            }
        }
    }

    private static final String HMAC = "HmacSHA256";
    private static final String SHA256_PREFIX = "sha256=";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Provider provider;
    private final byte[] secret;

    /**
     * @param secret the shared secret (for GitLab the token); must not be empty
     */
    public WebhookVerifier(Provider provider, byte[] secret) {
        this.provider = Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(secret, "secret");
        if (secret.length == 0) {
            throw new IllegalArgumentException("webhook secret must not be empty");
        }
        this.secret = secret.clone();
    }

    public WebhookVerifier(Provider provider, String secret) {
        this(provider, Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
    }

    public Provider provider() {
        return provider;
    }

    /**
     * @param header looks up a request header by name (HTTP header names are case-insensitive; the lookup is
     *               expected to be, as servlet and Javalin lookups are)
     * @param body   the raw request body
     */
    public WebhookVerification verify(Function<String, String> header, byte[] body) {
        Objects.requireNonNull(header, "header");
        byte[] payload = body == null ? new byte[0] : body;
        String presented = header.apply(provider.header());
        if (presented == null || presented.isBlank()) {
            return WebhookVerification.rejected("missing header " + provider.header());
        }
        WebhookVerification signatureCheck = switch (provider) {
            case GITHUB -> checkHmac(presented.strip(), payload, true);
            case GENERIC -> checkHmac(presented.strip(), payload, false);
            case GITLAB -> checkToken(presented);
        };
        if (!signatureCheck.accepted()) {
            return signatureCheck;
        }
        return WebhookVerification.accepted(pushedRef(payload));
    }

    /** Same as {@link #verify(Function, byte[])} with headers in a map (names matched case-insensitively). */
    public WebhookVerification verify(Map<String, String> headers, byte[] body) {
        Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        return verify(caseInsensitive::get, body);
    }

    /** The hex HMAC-SHA256 of {@code body} under {@code secret}: what a sender puts in the signature header. */
    public static String sign(byte[] secret, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret, body));
    }

    private WebhookVerification checkHmac(String presented, byte[] body, boolean prefixRequired) {
        String hex = presented;
        if (hex.regionMatches(true, 0, SHA256_PREFIX, 0, SHA256_PREFIX.length())) {
            hex = hex.substring(SHA256_PREFIX.length());
        } else if (prefixRequired) {
            return WebhookVerification.rejected(provider.header() + " must start with " + SHA256_PREFIX);
        }
        byte[] presentedMac;
        try {
            presentedMac = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return WebhookVerification.rejected(provider.header() + " is not a hex HMAC-SHA256");
        }
        if (!MessageDigest.isEqual(hmac(secret, body), presentedMac)) {
            return WebhookVerification.rejected(provider.header() + " does not match the body signed with the "
                    + "configured secret");
        }
        return WebhookVerification.accepted(Optional.empty());
    }

    private WebhookVerification checkToken(String presented) {
        // Comparing digests keeps the time independent of where the values differ and of the secret's length.
        byte[] expected = sha256(secret);
        byte[] actual = sha256(presented.getBytes(StandardCharsets.UTF_8));
        if (!MessageDigest.isEqual(expected, actual)) {
            return WebhookVerification.rejected(provider.header() + " does not match the configured secret");
        }
        return WebhookVerification.accepted(Optional.empty());
    }

    private static Optional<String> pushedRef(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode ref = JSON.readTree(body).path("ref");
            if (ref.isTextual() && !ref.asText().isBlank()) {
                return Optional.of(ref.asText());
            }
        } catch (IOException e) {
            // Not JSON (a generic sender may post anything): there is no branch to filter on.
        }
        return Optional.empty();
    }

    private static byte[] hmac(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable in this JVM", e);
        }
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }
}
