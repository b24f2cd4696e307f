package dev.modeldeploy.render.istio;

import dev.modeldeploy.manifest.HeaderMatch;
import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.manifest.RolloutSpec;
import dev.modeldeploy.manifest.RouteRule;
import dev.modeldeploy.manifest.RouteSpec;
import dev.modeldeploy.manifest.WeightedTarget;
import dev.modeldeploy.render.JsonPaths;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.ManagedLabels;
import dev.modeldeploy.render.Names;
import dev.modeldeploy.render.Provenance;
import dev.modeldeploy.render.RenderException;
import dev.modeldeploy.render.Tree;
import dev.modeldeploy.render.settings.ClusterSettings;
import dev.modeldeploy.rollout.RolloutRecord;
import dev.modeldeploy.rollout.RolloutStates;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A ModelRoute: one VirtualService on the ingress gateway matching the route's urlPrefix, with the header rules first
 * (in manifest order, each the prefix AND its headers) and the weighted split last.
 *
 * <p>Knative picks the Knative Service by Host header, and a weighted split sends one request to one of several
 * Services, so the Host cannot be rewritten per route (rewrite.authority is one value for the whole HTTP route).
 * Every destination is therefore Knative's cluster-local gateway (knative-local-gateway.istio-system) with its own
 * {@code headers.request.set.Host} = that deployment's cluster-local host, the way KServe routes canaries. Each
 * destination also sets model-name / model-version response headers for the deployment that answered.
 *
 * <p>Mirroring: Envoy sends the copy with the Host of the chosen destination plus a "-shadow" suffix, and Istio has
 * no per-mirror header setting, so Knative's gateway would find no Service for the copy. The route therefore adds
 * a second VirtualService on the local gateway that accepts those "-shadow" hosts for requests marked with this
 * route's x-modeldeploy-route header, rewrites the Host to the mirror deployment's and sends them back through the
 * local gateway to it. The mirror's responses are dropped by Envoy, as for any mirror.
 */
public final class ModelRouteRenderer {
    private static final Pattern URL_PREFIX = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+/?");
    private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");
    private static final int GATEWAY_PORT = 80;

    private ModelRouteRenderer() {
    }

    public static List<GenericKubernetesResource> render(ModelRoute route, Map<String, RouteTarget> targets,
            ClusterSettings settings, Provenance provenance) {
        return render(route, targets, settings, provenance, RolloutStates.none());
    }

    /** As above, with the default split of a route with a rollout weighted as its rollout state says. */
    public static List<GenericKubernetesResource> render(ModelRoute route, Map<String, RouteTarget> targets,
            ClusterSettings settings, Provenance provenance, RolloutStates rollouts) {
        RouteSpec spec = route.spec();
        List<WeightedTarget> defaultSplit = spec.rollout() == null ? spec.modelDeployments() : rolloutSplit(route, rollouts);
        String prefix = matchPrefix(spec.urlPrefix());
        RouteTarget mirror = spec.mirror() == null ? null : target(targets, spec.mirror(), "$.spec.mirror");

        Set<String> primaryHosts = new LinkedHashSet<>();
        List<Object> http = new ArrayList<>();
        for (int i = 0; i < spec.rules().size(); i++) {
            RouteRule rule = spec.rules().get(i);
            String path = JsonPaths.index("$.spec.rules", i);
            Map<String, Object> match = Tree.map(
                    "uri", Tree.map("prefix", prefix),
                    "headers", headerMatches(rule.headers(), path + ".headers"));
            http.add(httpRoute("rule-" + (i + 1), match,
                    destinations(rule.modelDeployments(), targets, settings, path + ".modelDeployments", primaryHosts),
                    route.id(), mirror, settings));
        }
        Map<String, Object> defaultMatch = Tree.map("uri", Tree.map("prefix", prefix));
        http.add(httpRoute("default", defaultMatch,
                destinations(defaultSplit, targets, settings, "$.spec.modelDeployments", primaryHosts),
                route.id(), mirror, settings));

        GenericKubernetesResource virtualService =
                provenance.newObject(ManagedKind.VIRTUAL_SERVICE, Names.routeVirtualService(route.id()));
        virtualService.setAdditionalProperty("spec", Tree.map(
                "hosts", Tree.listOf(settings.ingress().hosts()),
                "gateways", List.of(settings.ingress().gateway()),
                "http", http));
        if (spec.rollout() != null) {
            rollouts.stateOf(route).ifPresent(state -> {
                Map<String, String> annotations = new TreeMap<>(Optional.ofNullable(
                        virtualService.getMetadata().getAnnotations()).orElse(Map.of()));
                annotations.put(ManagedLabels.ROLLOUT, RolloutRecord.json(state, spec.rollout()));
                virtualService.getMetadata().setAnnotations(annotations);
            });
        }
        if (mirror == null) {
            return List.of(virtualService);
        }
        return List.of(virtualService, mirrorVirtualService(route.id(), mirror, primaryHosts, settings, provenance));
    }

    /**
     * The route's targets in manifest order, the candidate with the rollout's weight and the stable with the rest. The
     * loader guarantees the targets are exactly those two; records built elsewhere are checked here.
     */
    private static List<WeightedTarget> rolloutSplit(ModelRoute route, RolloutStates rollouts) {
        RolloutSpec rollout = route.spec().rollout();
        int candidateWeight = rollouts.candidateWeight(route);
        List<WeightedTarget> split = new ArrayList<>();
        List<WeightedTarget> written = route.spec().modelDeployments();
        for (int i = 0; i < written.size(); i++) {
            String mdName = written.get(i).mdName();
            if (mdName.equals(rollout.candidate())) {
                split.add(new WeightedTarget(mdName, candidateWeight));
            } else if (mdName.equals(rollout.stable())) {
                split.add(new WeightedTarget(mdName, 100 - candidateWeight));
            } else {
                throw new RenderException(JsonPaths.index("$.spec.modelDeployments", i) + ".mdName", "deployment \"" + mdName
                        + "\" is neither the rollout's stable nor its candidate");
            }
        }
        if (split.size() != 2) {
            throw new RenderException("$.spec.modelDeployments", "a route with a rollout names its stable and candidate deployments");
        }
        return split;
    }

    /** The prefix to match: the urlPrefix with a trailing slash, so /custom/wine does not also match /custom/wine2. */
    static String matchPrefix(String urlPrefix) {
        if (urlPrefix == null || !URL_PREFIX.matcher(urlPrefix).matches()) {
            throw new RenderException("$.spec.urlPrefix", "\"" + urlPrefix
                    + "\" is not a URL path prefix like /custom/wine (no query, no spaces, at least one segment)");
        }
        if (urlPrefix.equals(DeploymentRouteRenderer.PATH_PREFIX.substring(0, DeploymentRouteRenderer.PATH_PREFIX.length() - 1))
                || urlPrefix.startsWith(DeploymentRouteRenderer.PATH_PREFIX)) {
            throw new RenderException("$.spec.urlPrefix", "paths under /model/ belong to the deployments' own routes "
                    + "(/model/<deployment id>/); choose another prefix, e.g. /custom/...");
        }
        return urlPrefix.endsWith("/") ? urlPrefix : urlPrefix + "/";
    }

    private static Map<String, Object> httpRoute(String name, Map<String, Object> match, List<Object> destinations,
            String routeId, RouteTarget mirror, ClusterSettings settings) {
        Map<String, Object> requestExtra = mirror == null ? Map.of() : Tree.map(IstioHeaders.ROUTE, routeId);
        return Tree.map(
                "name", name,
                "match", List.of(match),
                "rewrite", Tree.map("uri", "/"),
                "route", destinations,
                "mirror", mirror == null ? null : Tree.map(
                        "host", settings.localGateway().host(), "port", Tree.map("number", GATEWAY_PORT)),
                "mirrorPercentage", mirror == null ? null : Tree.map("value", 100.0),
                "headers", Tree.map(
                        "request", Tree.nonEmpty(Tree.map("set", IstioHeaders.requestSet(settings, requestExtra))),
                        "response", Tree.map("set", Tree.map(IstioHeaders.REQUEST_ID, IstioHeaders.REQUEST_ID_VALUE))));
    }

    private static List<Object> destinations(List<WeightedTarget> targetsInManifest, Map<String, RouteTarget> targets,
            ClusterSettings settings, String path, Set<String> primaryHosts) {
        if (targetsInManifest.isEmpty()) {
            throw new RenderException(path, "name at least one model deployment");
        }
        List<Integer> weights = weights(targetsInManifest, path);
        List<Object> destinations = new ArrayList<>();
        for (int i = 0; i < targetsInManifest.size(); i++) {
            RouteTarget target = target(targets, targetsInManifest.get(i).mdName(), JsonPaths.index(path, i) + ".mdName");
            String host = host(target, settings);
            primaryHosts.add(host);
            destinations.add(Tree.map(
                    "destination", Tree.map("host", settings.localGateway().host(), "port", Tree.map("number", GATEWAY_PORT)),
                    "weight", weights.get(i),
                    "headers", Tree.map(
                            "request", Tree.map("set", Tree.map(IstioHeaders.HOST, host)),
                            "response", Tree.map("set", IstioHeaders.modelHeaders(target.model())))));
        }
        return destinations;
    }

    /** One target without a weight takes all traffic; several need weights that add up to 100, as Istio requires. */
    private static List<Integer> weights(List<WeightedTarget> targets, String path) {
        if (targets.size() == 1) {
            Integer weight = targets.get(0).weight();
            if (weight != null && weight != 100) {
                throw new RenderException(JsonPaths.index(path, 0) + ".weight",
                        "a single model deployment takes all the traffic; leave weight out or set it to 100, not " + weight);
            }
            return List.of(100);
        }
        List<Integer> weights = new ArrayList<>();
        int sum = 0;
        for (int i = 0; i < targets.size(); i++) {
            Integer weight = targets.get(i).weight();
            if (weight == null || weight < 0 || weight > 100) {
                throw new RenderException(JsonPaths.index(path, i) + ".weight",
                        "with several model deployments each needs a weight from 0 to 100");
            }
            weights.add(weight);
            sum += weight;
        }
        if (sum != 100) {
            throw new RenderException(path, "the weights add up to " + sum + "; they must add up to 100");
        }
        return weights;
    }

    private static Map<String, Object> headerMatches(Map<String, HeaderMatch> headers, String path) {
        if (headers == null || headers.isEmpty()) {
            throw new RenderException(path, "a rule needs at least one header to match");
        }
        Map<String, Object> matches = new TreeMap<>();
        for (Map.Entry<String, HeaderMatch> e : headers.entrySet()) {
            String name = e.getKey().toLowerCase(java.util.Locale.ROOT);
            String headerPath = JsonPaths.child(path, e.getKey());
            if (!HEADER_NAME.matcher(name).matches()) {
                throw new RenderException(headerPath, "\"" + e.getKey() + "\" is not an HTTP header name");
            }
            if (matches.containsKey(name)) {
                throw new RenderException(headerPath, "header " + name + " is matched twice (header names ignore case)");
            }
            HeaderMatch m = e.getValue();
            int given = (m.exact() != null ? 1 : 0) + (m.prefix() != null ? 1 : 0) + (m.regex() != null ? 1 : 0);
            if (given != 1) {
                throw new RenderException(headerPath, "give exactly one of exact, prefix or regex");
            }
            matches.put(name, Tree.map("exact", m.exact(), "prefix", m.prefix(), "regex", m.regex()));
        }
        return matches;
    }

    private static RouteTarget target(Map<String, RouteTarget> targets, String deploymentId, String path) {
        RouteTarget target = targets.get(deploymentId);
        if (target == null) {
            throw new RenderException(path, "model deployment \"" + deploymentId
                    + "\" is not deployed: no valid ModelDeployment with that id rendered");
        }
        return target;
    }

    private static String host(RouteTarget target, ClusterSettings settings) {
        return Names.clusterLocalHost(target.knativeService(), settings.namespace(), settings.clusterDomain());
    }

    private static GenericKubernetesResource mirrorVirtualService(String routeId, RouteTarget mirror, Set<String> primaryHosts,
            ClusterSettings settings, Provenance provenance) {
        List<Object> shadowHosts = new ArrayList<>();
        for (String host : primaryHosts) {
            shadowHosts.add(host + "-shadow");
        }
        Map<String, Object> route = Tree.map(
                "name", "mirror",
                "match", List.of(Tree.map("headers", Tree.map(IstioHeaders.ROUTE, Tree.map("exact", routeId)))),
                "rewrite", Tree.map("authority", host(mirror, settings)),
                "route", List.of(Tree.map(
                        "destination", Tree.map("host", settings.localGateway().host(), "port", Tree.map("number", GATEWAY_PORT)))));
        GenericKubernetesResource virtualService =
                provenance.newObject(ManagedKind.VIRTUAL_SERVICE, Names.mirrorVirtualService(routeId));
        virtualService.setAdditionalProperty("spec", Tree.map(
                "hosts", shadowHosts,
                "gateways", List.of(settings.localGateway().gateway()),
                "http", List.of(route)));
        return virtualService;
    }
}
