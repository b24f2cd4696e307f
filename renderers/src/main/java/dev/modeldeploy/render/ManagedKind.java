package dev.modeldeploy.render;

import java.util.List;

/**
 * A kind the renderers emit. applyOrder sorts creates and updates (lower first); prune goes in reverse, so
 * ConfigMaps and Secrets exist before the Knative Services that mount them, and VirtualServices go after the
 * Services they route to.
 */
public record ManagedKind(String group, String version, String kind, String plural, boolean namespaced, int applyOrder) {

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public static final ManagedKind SECRET = new ManagedKind("", "v1", "Secret", "secrets", true, 0);
    public static final ManagedKind CONFIG_MAP = new ManagedKind("", "v1", "ConfigMap", "configmaps", true, 0);
    public static final ManagedKind KNATIVE_SERVICE =
            new ManagedKind("serving.knative.dev", "v1", "Service", "services", true, 10);
    public static final ManagedKind POD_MONITOR =
            new ManagedKind("monitoring.coreos.com", "v1", "PodMonitor", "podmonitors", true, 20);
    public static final ManagedKind REQUEST_AUTHENTICATION =
            new ManagedKind("security.istio.io", "v1", "RequestAuthentication", "requestauthentications", true, 20);
    public static final ManagedKind AUTHORIZATION_POLICY =
            new ManagedKind("security.istio.io", "v1", "AuthorizationPolicy", "authorizationpolicies", true, 20);
    public static final ManagedKind VIRTUAL_SERVICE =
            new ManagedKind("networking.istio.io", "v1", "VirtualService", "virtualservices", true, 30);

    /** Every kind the renderers can emit; the reconciler lists exactly these when it looks for live objects. */
    public static final List<ManagedKind> ALL = List.of(
            SECRET, CONFIG_MAP, KNATIVE_SERVICE, POD_MONITOR, REQUEST_AUTHENTICATION, AUTHORIZATION_POLICY, VIRTUAL_SERVICE);

    public static ManagedKind of(String apiVersion, String kind) {
        for (ManagedKind k : ALL) {
            if (k.apiVersion().equals(apiVersion) && k.kind().equals(kind)) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a kind modeldeploy manages: " + apiVersion + " " + kind);
    }
}
