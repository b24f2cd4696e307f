package dev.modeldeploy.render.istio;

import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.Names;
import dev.modeldeploy.render.Provenance;
import dev.modeldeploy.render.Tree;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;

/**
 * A deployment's own route, as ODAHU had it: {@code POST https://<host>/model/<id>/api/model/invoke} reaches the
 * model as {@code /api/model/invoke}.
 *
 * <p>The destination is the Knative Service's cluster-local host. Knative backs that name with an ExternalName
 * Service pointing at its local gateway, which picks the Knative Service by Host header; so the route also rewrites
 * the authority to that host (the caller's Host would match nothing there).
 */
public final class DeploymentRouteRenderer {
    public static final String PATH_PREFIX = "/model/";

    private DeploymentRouteRenderer() {
    }

    public static String pathPrefix(String deploymentId) {
        return PATH_PREFIX + deploymentId + "/";
    }

    public static GenericKubernetesResource render(ModelDeployment deployment, ClusterSettings settings, Provenance provenance) {
        String host = Names.clusterLocalHost(Names.knativeService(deployment.id()), settings.namespace(), settings.clusterDomain());
        Map<String, Object> route = Tree.map(
                "name", "model",
                "match", List.of(Tree.map("uri", Tree.map("prefix", pathPrefix(deployment.id())))),
                "rewrite", Tree.map("uri", "/", "authority", host),
                "route", List.of(Tree.map(
                        "destination", Tree.map("host", host, "port", Tree.map("number", 80)))),
                "headers", Tree.map(
                        "request", Tree.nonEmpty(Tree.map("set", IstioHeaders.requestSet(settings, Map.of()))),
                        "response", Tree.map("set", responseHeaders(deployment))));
        GenericKubernetesResource virtualService =
                provenance.newObject(ManagedKind.VIRTUAL_SERVICE, Names.deploymentVirtualService(deployment.id()));
        virtualService.setAdditionalProperty("spec", Tree.map(
                "hosts", Tree.listOf(settings.ingress().hosts()),
                "gateways", List.of(settings.ingress().gateway()),
                "http", List.of(route)));
        return virtualService;
    }

    private static Map<String, Object> responseHeaders(ModelDeployment deployment) {
        Map<String, Object> set = IstioHeaders.modelHeaders(deployment.spec().model());
        set.put(IstioHeaders.REQUEST_ID, IstioHeaders.REQUEST_ID_VALUE);
        return set;
    }
}
