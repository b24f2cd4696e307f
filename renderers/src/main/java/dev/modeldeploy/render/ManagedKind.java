package dev.modeldeploy.render;

/**
 * A kind the renderers emit; the reconciler lists exactly these ({@link #values()}) when it looks for live objects.
 * applyOrder sorts creates and updates (lower first); prune goes in reverse, so ConfigMaps and Secrets exist before
 * the Knative Services that mount them, and VirtualServices go after the Services they route to.
 */
public enum ManagedKind {
    SECRET("", "v1", "Secret", "secrets", true, 0),
    CONFIG_MAP("", "v1", "ConfigMap", "configmaps", true, 0),
    KNATIVE_SERVICE("serving.knative.dev", "v1", "Service", "services", true, 10),
    POD_MONITOR("monitoring.coreos.com", "v1", "PodMonitor", "podmonitors", true, 20),
    REQUEST_AUTHENTICATION("security.istio.io", "v1", "RequestAuthentication", "requestauthentications", true, 20),
    AUTHORIZATION_POLICY("security.istio.io", "v1", "AuthorizationPolicy", "authorizationpolicies", true, 20),
    VIRTUAL_SERVICE("networking.istio.io", "v1", "VirtualService", "virtualservices", true, 30);

    private final String group;
    private final String version;
    private final String kind;
    private final String plural;
    private final boolean namespaced;
    private final int applyOrder;

    ManagedKind(String group, String version, String kind, String plural, boolean namespaced, int applyOrder) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.plural = plural;
        this.namespaced = namespaced;
        this.applyOrder = applyOrder;
    }

    public String group() {
        return group;
    }

    public String version() {
        return version;
    }

    public String kind() {
        return kind;
    }

    public String plural() {
        return plural;
    }

    public boolean namespaced() {
        return namespaced;
    }

    public int applyOrder() {
        return applyOrder;
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public static ManagedKind of(String apiVersion, String kind) {
        for (ManagedKind k : values()) {
            if (k.apiVersion().equals(apiVersion) && k.kind().equals(kind)) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a kind modeldeploy manages: " + apiVersion + " " + kind);
    }
}
