package dev.modeldeploy.ownership;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The identity of one modeldeploy install, written into the {@code modeldeploy.dev/instance} label of every object
 * it applies. Two installs that share a namespace must have different identities: each lists, heals and prunes
 * only objects that carry its own.
 *
 * @param value a Kubernetes label value: at most 63 characters, alphanumerics, '-', '_' and '.', alphanumeric at both ends
 */
public record InstanceId(String value) {
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");

    public InstanceId {
        if (value == null || !LABEL_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("instance '" + value + "' is not a valid label value: 1 to 63 "
                    + "letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
        }
    }

    /**
     * The default identity of an install that reconciles this folder of this branch of this repository: the same on
     * every replica and after every restart, different for another repository, branch or folder.
     *
     * @param repositoryUrl the repository's URL without credentials
     */
    public static InstanceId derivedFrom(String repositoryUrl, String branch, String path) {
        String source = repositoryUrl + "\n" + (branch == null ? "" : branch) + "\n" + (path == null ? "" : path);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return new InstanceId("git-" + HexFormat.of().formatHex(digest, 0, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
