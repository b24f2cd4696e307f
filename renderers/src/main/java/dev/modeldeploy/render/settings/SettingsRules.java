package dev.modeldeploy.render.settings;

import dev.modeldeploy.render.Names;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The checks a settings file must pass, each reported with the field it concerns. */
final class SettingsRules {
    private static final Set<String> LOG_MODES = Set.of("all", "request", "response");
    private static final Duration SHORTEST_QUERY_TIMEOUT = Duration.ofMillis(100);
    private static final Duration LONGEST_QUERY_TIMEOUT = Duration.ofMinutes(5);

    private SettingsRules() {
    }

    static void check(ClusterSettings s, List<String> problems) {
        if (!Names.isDns1123Label(s.namespace())) {
            problems.add("namespace: \"" + s.namespace() + "\" is not a valid namespace name (lowercase letters, digits and '-', at most 63)");
        }
        if (!Names.isDns1123Subdomain(s.clusterDomain())) {
            problems.add("clusterDomain: \"" + s.clusterDomain() + "\" is not a DNS domain");
        }
        checkGatewayRef("ingress.gateway", s.ingress().gateway(), problems);
        if (s.ingress().hosts().isEmpty()) {
            problems.add("ingress.hosts: give at least one host (\"*\" serves every host)");
        }
        for (String host : s.ingress().hosts()) {
            if (host == null || host.isBlank()) {
                problems.add("ingress.hosts: a host is empty");
            }
        }
        checkGatewayRef("localGateway.gateway", s.localGateway().gateway(), problems);
        if (!Names.isDns1123Subdomain(s.localGateway().host())) {
            problems.add("localGateway.host: \"" + s.localGateway().host() + "\" is not a host name");
        }
        if (!Names.isDns1123Label(s.knativeNamespace())) {
            problems.add("knativeNamespace: \"" + s.knativeNamespace() + "\" is not a valid namespace name");
        }
        if (s.autoscaling().target() < 1) {
            problems.add("autoscaling.target: must be at least 1 (concurrent requests per pod), got " + s.autoscaling().target());
        }
        checkJwt(s.jwt(), problems);
        checkLogging(s.requestLogging(), problems);
        String repository = s.triton().modelRepository();
        if (repository == null || !repository.startsWith("/")) {
            problems.add("triton.modelRepository: must be an absolute path inside the Triton image, got \"" + repository + "\"");
        }
        checkPrometheus(s.prometheus(), problems);
    }

    private static void checkPrometheus(ClusterSettings.Prometheus prometheus, List<String> problems) {
        if (prometheus.configured() && !isHttpUrl(prometheus.url())) {
            problems.add("prometheus.url: must be an http:// or https:// URL, got \"" + prometheus.url() + "\"");
        }
        Duration timeout = prometheus.queryTimeout();
        if (timeout == null || timeout.compareTo(SHORTEST_QUERY_TIMEOUT) < 0 || timeout.compareTo(LONGEST_QUERY_TIMEOUT) > 0) {
            problems.add("prometheus.queryTimeout: must be a duration from 100ms to 5m, such as 10s");
        }
    }

    private static void checkJwt(ClusterSettings.Jwt jwt, List<String> problems) {
        boolean hasIssuer = jwt.issuer() != null && !jwt.issuer().isEmpty();
        boolean hasJwks = jwt.jwksUri() != null && !jwt.jwksUri().isEmpty();
        if (hasIssuer != hasJwks) {
            problems.add("jwt: give both issuer and jwksUri, or neither");
        }
        if (hasJwks && !isHttpUrl(jwt.jwksUri())) {
            problems.add("jwt.jwksUri: must be an http:// or https:// URL, got \"" + jwt.jwksUri() + "\"");
        }
        String claim = jwt.rolesClaim();
        if (claim == null || claim.isEmpty() || claim.startsWith(".") || claim.endsWith(".") || claim.contains("..")
                || claim.contains("[") || claim.contains("]")) {
            problems.add("jwt.rolesClaim: must be a dot-separated claim path like realm_access.roles, got \"" + claim + "\"");
        }
        if (jwt.adminRole() == null || jwt.adminRole().isBlank()) {
            problems.add("jwt.adminRole: must not be empty");
        }
    }

    private static void checkLogging(ClusterSettings.RequestLogging logging, List<String> problems) {
        if (logging.loggerImage() == null || logging.loggerImage().isBlank() || logging.loggerImage().contains(" ")) {
            problems.add("requestLogging.loggerImage: must be an image reference like kserve/agent:v0.15.2");
        }
        if (!isHttpUrl(logging.collectorUrl())) {
            problems.add("requestLogging.collectorUrl: must be an http:// or https:// URL, got \"" + logging.collectorUrl() + "\"");
        }
        if (!LOG_MODES.contains(logging.mode())) {
            problems.add("requestLogging.mode: must be all, request or response, got \"" + logging.mode() + "\"");
        }
    }

    private static void checkGatewayRef(String field, String ref, List<String> problems) {
        String[] parts = ref == null ? new String[0] : ref.split("/", -1);
        boolean valid = parts.length == 1 && Names.isDns1123Subdomain(parts[0])
                || parts.length == 2 && Names.isDns1123Label(parts[0]) && Names.isDns1123Subdomain(parts[1]);
        if (!valid) {
            problems.add(field + ": must be <namespace>/<gateway name> (or a gateway name), got \"" + ref + "\"");
        }
    }

    private static boolean isHttpUrl(String value) {
        if (value == null) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
