package dev.modeldeploy.rollout;

import dev.modeldeploy.manifest.RouteSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies the version of a route a rollout belongs to: any change to the route's spec in Git (targets, rules,
 * mirror, the rollout itself, abort) gives another fingerprint, and the rollout starts over. The spec records'
 * text is the input: it covers every field, in manifest order, and needs no second serialisation to keep in step.
 */
public final class RouteFingerprint {
    private static final int LENGTH = 16;

    private RouteFingerprint() {
    }

    public static String of(RouteSpec spec) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(spec.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
