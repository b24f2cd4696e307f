package dev.modeldeploy.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Every object name modeldeploy derives, and the Kubernetes name rules it checks against.
 *
 * <p>Names are built from the manifest id plus a kind-specific suffix. When the result would be longer than its
 * limit, the id is cut, a dash and the first 8 hex digits of the SHA-256 of the whole id are appended, and then the
 * suffix, so long ids stay unique, readable and end in the same suffix. The id itself always stays in the labels.
 *
 * <p>Knative Services get a tighter limit, {@value #KNATIVE_SERVICE_MAX}: Knative names the first Revision
 * {@code <service>-00001} and that Revision's Deployment {@code <service>-00001-deployment} (46 + 6 + 11 = 63), and
 * Kubernetes rejects any of those over 63 characters. Knative would fall back to md5-hashed names of its own past that
 * length; keeping under it keeps every Knative-derived name predictable and recognisable.
 */
public final class Names {
    public static final int MAX_NAME = 63;
    public static final int KNATIVE_SERVICE_MAX = 46;
    private static final int HASH_LENGTH = 8;

    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern QUALIFIED_NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    private Names() {
    }

    /** The Knative Service of a ModelDeployment: the id itself when it is short enough. */
    public static String knativeService(String deploymentId) {
        return shorten(deploymentId, "", KNATIVE_SERVICE_MAX);
    }

    /** The deployment's own VirtualService, serving {@code /model/<id>/}. */
    public static String deploymentVirtualService(String deploymentId) {
        return child(deploymentId, "-model");
    }

    /** The ConfigMap holding the deployment's OpenAPI document. */
    public static String openApiConfigMap(String deploymentId) {
        return child(deploymentId, "-openapi");
    }

    /** A ModelRoute's VirtualService; the suffix differs from the deployments' so ids never collide. */
    public static String routeVirtualService(String routeId) {
        return child(routeId, "-route");
    }

    /** The VirtualService on the Knative local gateway that delivers a ModelRoute's mirrored requests. */
    public static String mirrorVirtualService(String routeId) {
        return child(routeId, "-mirror");
    }

    /** The host Knative answers to inside the cluster for a Knative Service. */
    public static String clusterLocalHost(String knativeService, String namespace, String clusterDomain) {
        return knativeService + "." + namespace + ".svc." + clusterDomain;
    }

    /** base + suffix, shortened with a hash of base when longer than 63 characters. */
    public static String child(String base, String suffix) {
        return shorten(base, suffix, MAX_NAME);
    }

    static String shorten(String base, String suffix, int max) {
        if (base.length() + suffix.length() <= max) {
            return base + suffix;
        }
        int keep = max - suffix.length() - HASH_LENGTH - 1;
        if (keep < 1) {
            throw new IllegalArgumentException("suffix " + suffix + " leaves no room for a name within " + max);
        }
        String prefix = base.substring(0, Math.min(keep, base.length()));
        while (prefix.endsWith("-")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix + "-" + hash(base) + suffix;
    }

    static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** RFC 1035 label as Kubernetes checks it: Services, and the names Knative derives DNS entries from. */
    public static boolean isDns1035Label(String name) {
        return name != null && name.length() <= MAX_NAME && DNS_1035_LABEL.matcher(name).matches();
    }

    public static boolean isDns1123Label(String name) {
        return name != null && name.length() <= MAX_NAME && DNS_1123_LABEL.matcher(name).matches();
    }

    /** RFC 1123 subdomain: most object names, e.g. Secrets. */
    public static boolean isDns1123Subdomain(String name) {
        if (name == null || name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!DNS_1123_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** A label or annotation key: an optional DNS subdomain prefix and a slash, then a name of up to 63 characters. */
    public static boolean isQualifiedName(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        int slash = key.indexOf('/');
        String name = key;
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (!isDns1123Subdomain(prefix)) {
                return false;
            }
        }
        return name.length() <= MAX_NAME && QUALIFIED_NAME_PART.matcher(name).matches();
    }

    /** A label value: empty, or up to 63 alphanumerics, '-', '_' and '.', starting and ending alphanumeric. */
    public static boolean isLabelValue(String value) {
        return value != null && (value.isEmpty() || value.length() <= MAX_NAME && LABEL_VALUE.matcher(value).matches());
    }
}
