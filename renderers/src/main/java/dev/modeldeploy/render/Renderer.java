package dev.modeldeploy.render;

import dev.modeldeploy.manifest.DeploymentSpec;
import dev.modeldeploy.manifest.Finding;
import dev.modeldeploy.manifest.ManifestSet;
import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.manifest.ModelInfo;
import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.manifest.RouteSpec;
import dev.modeldeploy.manifest.SourceLocation;
import dev.modeldeploy.render.istio.DeploymentRouteRenderer;
import dev.modeldeploy.render.istio.ModelRouteRenderer;
import dev.modeldeploy.render.istio.RouteTarget;
import dev.modeldeploy.render.knative.KnativeServiceRenderer;
import dev.modeldeploy.render.monitoring.PodMonitorRenderer;
import dev.modeldeploy.render.openapi.OpenApiRenderer;
import dev.modeldeploy.render.security.AccessControlRenderer;
import dev.modeldeploy.render.settings.ClusterSettings;
import dev.modeldeploy.rollout.RolloutStates;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a set of validated manifests into the cluster objects each needs. Per ModelDeployment: the OpenAPI
 * ConfigMap, the Knative Service, a PodMonitor, the JWT RequestAuthentication and AuthorizationPolicy, and the
 * VirtualService for /model/&lt;id&gt;/. Per ModelRoute: its VirtualService (and one for mirrored requests).
 *
 * <p>Pure: the same manifests and settings always give the same objects, in apply order. A manifest that cannot be
 * rendered becomes a Finding and the others are still rendered; a route to such a deployment fails too, since it
 * would point at a Service that will not exist.
 */
public final class Renderer {
    private static final Logger log = LoggerFactory.getLogger(Renderer.class);

    public static RenderResult render(ManifestSet set, ClusterSettings settings, Map<String, String> commitByFile) {
        return render(set, settings, commitByFile, RolloutStates.none());
    }

    /** As above, with the routes' rollouts at the states given (the daemon's); a route without one sends all to stable. */
    public static RenderResult render(ManifestSet set, ClusterSettings settings, Map<String, String> commitByFile,
            RolloutStates rollouts) {
        Map<String, String> commits = commitByFile == null ? Map.of() : commitByFile;
        List<RenderedManifest> rendered = new ArrayList<>();
        List<Finding> failures = new ArrayList<>();
        Map<String, RouteTarget> targets = new HashMap<>();
        Map<String, String> deploymentByService = new HashMap<>();

        for (ModelDeployment original : set.deployments()) {
            Owner owner = new Owner(OwnerKind.MODEL_DEPLOYMENT, original.id());
            try {
                ModelDeployment deployment = withDefaults(original);
                checkId(deployment.id(), targets.containsKey(deployment.id()));
                String service = Names.knativeService(deployment.id());
                String clash = deploymentByService.putIfAbsent(service, deployment.id());
                if (clash != null) {
                    throw new RenderException("$.id", "its Knative Service name " + service + " is already taken by " + clash);
                }
                Provenance provenance = provenance(owner, original.source(), settings, commits);
                rendered.add(manifest(provenance, renderDeployment(deployment, settings, provenance)));
                targets.put(deployment.id(), new RouteTarget(deployment.id(), service, deployment.spec().model()));
            } catch (RenderException e) {
                failures.add(finding(original.source(), owner, e.jsonPath(), e.getMessage()));
            } catch (RuntimeException e) {
                log.warn("rendering {} failed unexpectedly", owner, e);
                failures.add(finding(original.source(), owner, "$", "cannot be rendered: " + e));
            }
        }

        Map<String, Boolean> routeIds = new HashMap<>();
        for (ModelRoute original : set.routes()) {
            Owner owner = new Owner(OwnerKind.MODEL_ROUTE, original.id());
            try {
                ModelRoute route = withDefaults(original);
                checkId(route.id(), routeIds.putIfAbsent(route.id(), true) != null);
                Provenance provenance = provenance(owner, original.source(), settings, commits);
                rendered.add(manifest(provenance, ModelRouteRenderer.render(route, targets, settings, provenance, rollouts)));
            } catch (RenderException e) {
                failures.add(finding(original.source(), owner, e.jsonPath(), e.getMessage()));
            } catch (RuntimeException e) {
                log.warn("rendering {} failed unexpectedly", owner, e);
                failures.add(finding(original.source(), owner, "$", "cannot be rendered: " + e));
            }
        }
        return new RenderResult(rendered, failures);
    }

    private static List<GenericKubernetesResource> renderDeployment(ModelDeployment deployment, ClusterSettings settings,
            Provenance provenance) {
        List<GenericKubernetesResource> objects = new ArrayList<>();
        objects.add(OpenApiRenderer.render(deployment, settings, provenance));
        objects.add(KnativeServiceRenderer.render(deployment, settings, provenance));
        objects.add(PodMonitorRenderer.render(deployment, provenance));
        objects.addAll(AccessControlRenderer.render(deployment, settings, provenance));
        objects.add(DeploymentRouteRenderer.render(deployment, settings, provenance));
        return objects;
    }

    private static RenderedManifest manifest(Provenance provenance, List<GenericKubernetesResource> objects) {
        List<GenericKubernetesResource> ordered = new ArrayList<>(objects);
        ordered.sort(RenderedYaml.BY_APPLY_ORDER);
        return new RenderedManifest(provenance.owner(), provenance.sourceFile(), List.copyOf(ordered));
    }

    private static Provenance provenance(Owner owner, SourceLocation source, ClusterSettings settings,
            Map<String, String> commits) {
        String file = source == null ? null : source.file();
        return new Provenance(owner, settings.namespace(), file, file == null ? null : commits.get(file));
    }

    private static void checkId(String id, boolean duplicate) {
        if (!Names.isDns1035Label(id)) {
            throw new RenderException("$.id", "\"" + id + "\" is not a valid id: at most 63 lowercase letters, digits "
                    + "and '-', starting with a letter and ending with a letter or digit");
        }
        if (duplicate) {
            throw new RenderException("$.id", "another manifest of the same kind already has id " + id);
        }
    }

    /** Fills what the loader defaults anyway, so records built elsewhere (tests, tools) render the same way. */
    private static ModelDeployment withDefaults(ModelDeployment d) {
        DeploymentSpec s = d.spec();
        if (s == null) {
            throw new RenderException("$.spec", "spec is missing");
        }
        if (s.predictor() == null) {
            throw new RenderException("$.spec.predictor", "predictor is missing");
        }
        if (s.image() == null || s.image().isBlank()) {
            throw new RenderException("$.spec.image", "image is missing");
        }
        ModelInfo model = s.model() == null ? new ModelInfo(d.id(), "1")
                : new ModelInfo(s.model().name() == null ? d.id() : s.model().name(),
                        s.model().version() == null ? "1" : s.model().version());
        DeploymentSpec spec = new DeploymentSpec(s.predictor(), s.image(), s.imagePullConnID(), s.resources(),
                s.minReplicas(), s.maxReplicas(), s.livenessProbeInitialDelay(), s.readinessProbeInitialDelay(),
                s.roleName(), s.nodeSelector() == null ? Map.of() : s.nodeSelector(),
                s.annotations() == null ? Map.of() : s.annotations(), model,
                s.examples() == null ? List.of() : s.examples());
        return new ModelDeployment(d.id(), spec, d.source());
    }

    private static ModelRoute withDefaults(ModelRoute r) {
        RouteSpec s = r.spec();
        if (s == null) {
            throw new RenderException("$.spec", "spec is missing");
        }
        RouteSpec spec = new RouteSpec(s.urlPrefix(), s.modelDeployments() == null ? List.of() : s.modelDeployments(),
                s.mirror(), s.rules() == null ? List.of() : s.rules(), s.rollout());
        return new ModelRoute(r.id(), spec, r.source());
    }

    private static Finding finding(SourceLocation source, Owner owner, String jsonPath, String message) {
        return new Finding(source, owner.kind().manifestKind(), owner.id(), jsonPath, message);
    }
}
