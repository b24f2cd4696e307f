package dev.modeldeploy.render.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the renderers need to know about the target cluster. {@link #defaults()} works on a stock Knative Serving +
 * net-istio installation; {@link #load(Path)} reads a YAML file where every field is optional and unknown fields are
 * errors (see examples-repo/cluster-settings.yaml).
 *
 * @param namespace         where every rendered object goes
 * @param clusterDomain     the cluster's DNS domain, for {@code <service>.<namespace>.svc.<clusterDomain>}
 * @param ingress           the Istio gateway serving {@code /model/<id>/} and the routes' prefixes
 * @param localGateway      Knative's cluster-local gateway, which routes to Knative Services by Host header
 * @param knativeNamespace  Knative Serving's system namespace (activator, autoscaler), let through access control
 * @param autoscaling       Knative autoscaler settings applied to every deployment
 * @param jwt               access control on the models' pods
 * @param requestLogging    request/response logging through the KServe agent
 * @param triton            how Triton containers are started
 * @param prometheus        where rollouts read the Istio metrics their checks need
 */
public record ClusterSettings(
        String namespace,
        String clusterDomain,
        Ingress ingress,
        LocalGateway localGateway,
        String knativeNamespace,
        Autoscaling autoscaling,
        Jwt jwt,
        RequestLogging requestLogging,
        Triton triton,
        Prometheus prometheus) {

    public static final String DEFAULT_NAMESPACE = "modeldeploy";
    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
    public static final String DEFAULT_INGRESS_GATEWAY = "knative-serving/knative-ingress-gateway";
    public static final String DEFAULT_LOCAL_GATEWAY = "knative-serving/knative-local-gateway";
    public static final String DEFAULT_LOCAL_GATEWAY_HOST = "knative-local-gateway.istio-system.svc.cluster.local";
    public static final String DEFAULT_KNATIVE_NAMESPACE = "knative-serving";
    public static final int DEFAULT_AUTOSCALING_TARGET = 10;
    public static final String DEFAULT_ROLES_CLAIM = "realm_access.roles";
    public static final String DEFAULT_ADMIN_ROLE = "modeldeploy-admin";
    /** The KServe agent release whose flags the logger container uses (see RequestLoggerAgent). */
    public static final String DEFAULT_LOGGER_IMAGE = "kserve/agent:v0.15.2";
    /** The daemon's own Service in its default namespace; the daemon serves the collector at /log. */
    public static final String DEFAULT_COLLECTOR_URL = "http://modeldeploy.modeldeploy.svc.cluster.local:8080/log";
    public static final String DEFAULT_LOG_MODE = "all";
    public static final String DEFAULT_MODEL_REPOSITORY = "/models";
    public static final Duration DEFAULT_PROMETHEUS_QUERY_TIMEOUT = Duration.ofSeconds(10);

    /** Settings written before Prometheus was one: rollouts then have no metrics and pause. */
    public ClusterSettings(String namespace, String clusterDomain, Ingress ingress, LocalGateway localGateway,
            String knativeNamespace, Autoscaling autoscaling, Jwt jwt, RequestLogging requestLogging, Triton triton) {
        this(namespace, clusterDomain, ingress, localGateway, knativeNamespace, autoscaling, jwt, requestLogging, triton,
                new Prometheus(null, DEFAULT_PROMETHEUS_QUERY_TIMEOUT));
    }

    /** The Istio gateway (namespace/name) and hosts the public VirtualServices bind to. */
    public record Ingress(String gateway, List<String> hosts) {
        public Ingress {
            hosts = List.copyOf(hosts);
        }
    }

    /** Knative's cluster-local gateway: the Gateway resource (namespace/name) and the host of its Service. */
    public record LocalGateway(String gateway, String host) {
    }

    /** target: the concurrency per pod the Knative Pod Autoscaler aims for. */
    public record Autoscaling(int target) {
    }

    /**
     * JWT access control. With enabled and no issuer, only health, metrics and Knative's probes get through: a model
     * cannot be invoked until an issuer is configured (deny by default rather than open by default).
     *
     * @param rolesClaim dot-separated path of the claim holding the caller's roles, e.g. realm_access.roles (Keycloak)
     */
    public record Jwt(boolean enabled, String issuer, String jwksUri, String rolesClaim, String adminRole) {
        public boolean hasIssuer() {
            return issuer != null && !issuer.isEmpty();
        }

        /** The rolesClaim in Istio's condition syntax: realm_access.roles becomes request.auth.claims[realm_access][roles]. */
        public String rolesConditionKey() {
            StringBuilder key = new StringBuilder("request.auth.claims");
            for (String part : rolesClaim.split("\\.")) {
                key.append('[').append(part).append(']');
            }
            return key.toString();
        }
    }

    /**
     * Request/response logging through the KServe agent in front of each model.
     *
     * @param mode all, request or response, as the agent's --log-mode takes it
     */
    public record RequestLogging(boolean enabled, String loggerImage, String collectorUrl, String mode) {
    }

    /** modelRepository: the --model-repository path inside the Triton image; extraArgs are appended to tritonserver. */
    public record Triton(String modelRepository, List<String> extraArgs) {
        public Triton {
            extraArgs = List.copyOf(extraArgs);
        }
    }

    /**
     * The Prometheus that scrapes Istio's standard metrics (istio_requests_total, istio_request_duration_milliseconds).
     *
     * @param url          its base URL, such as http://prometheus.istio-system:9090; null when there is none, and then
     *                     every rollout check has no data and rollouts pause
     * @param queryTimeout how long one query may take before the check counts as having no data
     */
    public record Prometheus(String url, Duration queryTimeout) {
        public boolean configured() {
            return url != null && !url.isEmpty();
        }
    }

    public static ClusterSettings defaults() {
        return new ClusterSettings(
                DEFAULT_NAMESPACE,
                DEFAULT_CLUSTER_DOMAIN,
                new Ingress(DEFAULT_INGRESS_GATEWAY, List.of("*")),
                new LocalGateway(DEFAULT_LOCAL_GATEWAY, DEFAULT_LOCAL_GATEWAY_HOST),
                DEFAULT_KNATIVE_NAMESPACE,
                new Autoscaling(DEFAULT_AUTOSCALING_TARGET),
                new Jwt(true, null, null, DEFAULT_ROLES_CLAIM, DEFAULT_ADMIN_ROLE),
                new RequestLogging(false, DEFAULT_LOGGER_IMAGE, DEFAULT_COLLECTOR_URL, DEFAULT_LOG_MODE),
                new Triton(DEFAULT_MODEL_REPOSITORY, List.of()),
                new Prometheus(null, DEFAULT_PROMETHEUS_QUERY_TIMEOUT));
    }

    /** Reads a settings file; missing fields take the defaults. Throws ClusterSettingsException naming file, place and field. */
    public static ClusterSettings load(Path file) {
        return ClusterSettingsLoader.load(file);
    }

    public ClusterSettings withNamespace(String newNamespace) {
        return new ClusterSettings(newNamespace, clusterDomain, ingress, localGateway, knativeNamespace, autoscaling, jwt,
                requestLogging, triton, prometheus);
    }

    public ClusterSettings withJwt(Jwt newJwt) {
        return new ClusterSettings(namespace, clusterDomain, ingress, localGateway, knativeNamespace, autoscaling, newJwt,
                requestLogging, triton, prometheus);
    }

    public ClusterSettings withRequestLogging(RequestLogging newLogging) {
        return new ClusterSettings(namespace, clusterDomain, ingress, localGateway, knativeNamespace, autoscaling, jwt,
                newLogging, triton, prometheus);
    }

    public ClusterSettings withPrometheus(Prometheus newPrometheus) {
        return new ClusterSettings(namespace, clusterDomain, ingress, localGateway, knativeNamespace, autoscaling, jwt,
                requestLogging, triton, newPrometheus);
    }

    /** Every rule a loaded file must meet; empty when the settings are usable. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        SettingsRules.check(this, problems);
        return problems;
    }
}
