package dev.modeldeploy.render.security;

import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.Names;
import dev.modeldeploy.render.Provenance;
import dev.modeldeploy.render.Tree;
import dev.modeldeploy.render.knative.KnativeServiceRenderer;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JWT access control on a deployment's pods, enforced by their Istio sidecars: a RequestAuthentication that
 * validates tokens from the configured issuer, and an ALLOW AuthorizationPolicy (so everything it does not allow is
 * denied) with three rules:
 * <ol>
 *   <li>a valid token whose roles claim holds the deployment's roleName or the admin role;</li>
 *   <li>the health and metrics paths, for probes and Prometheus (paths as the pod sees them, after the rewrite);</li>
 *   <li>Knative's own probes from its system namespace: the activator checks a revision with the
 *       K-Network-Probe header before sending it requests. Only the probes: requests the activator forwards
 *       carry the caller's token and must pass rule 1 like any other.</li>
 * </ol>
 * Both select the pods by serving.knative.dev/service, the label Knative puts on every pod of the Service.
 */
public final class AccessControlRenderer {
    public static final List<String> OPEN_PATHS = List.of("/healthcheck", "/v2/health/*", "/metrics");
    public static final String KNATIVE_PROBE_HEADER = "request.headers[k-network-probe]";

    private AccessControlRenderer() {
    }

    public static List<GenericKubernetesResource> render(ModelDeployment deployment, ClusterSettings settings,
            Provenance provenance) {
        ClusterSettings.Jwt jwt = settings.jwt();
        if (!jwt.enabled()) {
            return List.of();
        }
        String name = Names.knativeService(deployment.id());
        Map<String, Object> selector = Tree.map("matchLabels", Tree.map(KnativeServiceRenderer.SERVICE_LABEL, name));
        List<GenericKubernetesResource> objects = new ArrayList<>();
        if (jwt.hasIssuer()) {
            GenericKubernetesResource authentication = provenance.newObject(ManagedKind.REQUEST_AUTHENTICATION, name);
            authentication.setAdditionalProperty("spec", Tree.map(
                    "selector", selector,
                    "jwtRules", List.of(Tree.map("issuer", jwt.issuer(), "jwksUri", jwt.jwksUri()))));
            objects.add(authentication);
        }
        GenericKubernetesResource policy = provenance.newObject(ManagedKind.AUTHORIZATION_POLICY, name);
        policy.setAdditionalProperty("spec", Tree.map(
                "selector", selector,
                "action", "ALLOW",
                "rules", rules(deployment, settings)));
        objects.add(policy);
        return objects;
    }

    private static List<Object> rules(ModelDeployment deployment, ClusterSettings settings) {
        ClusterSettings.Jwt jwt = settings.jwt();
        Set<String> roles = new LinkedHashSet<>();
        String roleName = deployment.spec().roleName();
        if (roleName != null && !roleName.isBlank()) {
            roles.add(roleName);
        }
        roles.add(jwt.adminRole());
        List<Object> rules = new ArrayList<>();
        if (jwt.hasIssuer()) {
            rules.add(Tree.map(
                    "from", List.of(Tree.map("source", Tree.map("requestPrincipals", List.of("*")))),
                    "when", List.of(Tree.map("key", jwt.rolesConditionKey(), "values", Tree.listOf(roles)))));
        }
        rules.add(Tree.map("to", List.of(Tree.map("operation", Tree.map("paths", Tree.listOf(OPEN_PATHS))))));
        rules.add(Tree.map(
                "from", List.of(Tree.map("source", Tree.map("namespaces", List.of(settings.knativeNamespace())))),
                "when", List.of(Tree.map("key", KNATIVE_PROBE_HEADER, "values", List.of("*")))));
        return rules;
    }
}
