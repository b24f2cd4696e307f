package dev.modeldeploy.sync;

import dev.modeldeploy.render.ManagedLabels;
import dev.modeldeploy.render.Owner;
import dev.modeldeploy.render.RenderedManifest;
import dev.modeldeploy.sync.common.DesiredState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Hand-made rendered objects shaped like the renderers' output: per deployment an OpenAPI ConfigMap, a Knative
 * Service and a PodMonitor; per route a VirtualService.
 */
public final class TestManifests {
    public static final String NAMESPACE = "models";

    private TestManifests() {
    }

    public static Owner deployment(String id) {
        return new Owner("ModelDeployment", id);
    }

    public static Owner route(String id) {
        return new Owner("ModelRoute", id);
    }

    public static RenderedManifest deploymentManifest(String id, String image) {
        return deploymentManifest(id, image, spec -> { });
    }

    /** tweak may change the Knative Service's spec map before it is frozen. */
    public static RenderedManifest deploymentManifest(String id, String image, Consumer<Map<String, Object>> tweak) {
        Owner owner = deployment(id);
        String file = "deployments/" + id + ".yaml";
        GenericKubernetesResource configMap = object("v1", "ConfigMap", id + "-openapi", owner, file);
        configMap.setAdditionalProperty("data", Map.of("openapi.json", "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"" + id + "\"}}"));

        Map<String, Object> container = new LinkedHashMap<>();
        container.put("image", image);
        container.put("ports", List.of(Map.of("containerPort", 5000)));
        container.put("resources", Map.of("requests", Map.of("cpu", "100m", "memory", "256Mi"),
                "limits", Map.of("cpu", "1", "memory", "1Gi")));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("template", new LinkedHashMap<>(Map.of(
                "metadata", Map.of("annotations", Map.of("autoscaling.knative.dev/min-scale", "1",
                        "autoscaling.knative.dev/max-scale", "3")),
                "spec", new LinkedHashMap<>(Map.of("containers", List.of(container), "timeoutSeconds", 300)))));
        tweak.accept(spec);
        GenericKubernetesResource service = object("serving.knative.dev/v1", "Service", id, owner, file);
        service.setAdditionalProperty("spec", spec);

        GenericKubernetesResource monitor = object("monitoring.coreos.com/v1", "PodMonitor", id, owner, file);
        monitor.setAdditionalProperty("spec", Map.of(
                "selector", Map.of("matchLabels", Map.of("serving.knative.dev/service", id)),
                "podMetricsEndpoints", List.of(Map.of("port", "http-usermetric", "path", "/metrics"))));
        return new RenderedManifest(owner, file, List.of(configMap, service, monitor));
    }

    public static RenderedManifest routeManifest(String id, String... deploymentIds) {
        Owner owner = route(id);
        String file = "routes/" + id + ".yaml";
        GenericKubernetesResource vs = object("networking.istio.io/v1", "VirtualService", "route-" + id, owner, file);
        List<Object> destinations = new ArrayList<>();
        for (String target : deploymentIds) {
            destinations.add(Map.of("destination", Map.of("host", target + "." + NAMESPACE + ".svc.cluster.local"),
                    "weight", 100 / deploymentIds.length));
        }
        vs.setAdditionalProperty("spec", Map.of(
                "hosts", List.of("*"),
                "gateways", List.of("istio-system/gateway"),
                "http", List.of(Map.of("match", List.of(Map.of("uri", Map.of("prefix", "/model/" + id))),
                        "route", destinations))));
        return new RenderedManifest(owner, file, List.of(vs));
    }

    public static GenericKubernetesResource object(String apiVersion, String kind, String name, Owner owner, String file) {
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion(apiVersion);
        object.setKind(kind);
        String ownerLabel = owner.kind().equals("ModelRoute") ? ManagedLabels.ROUTE_ID : ManagedLabels.DEPLOYMENT_ID;
        object.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .addToLabels(ManagedLabels.MANAGED_BY, ManagedLabels.MANAGED_BY_VALUE)
                .addToLabels(ownerLabel, owner.id())
                .addToAnnotations(ManagedLabels.SOURCE_FILE, file)
                .addToAnnotations(ManagedLabels.SOURCE_COMMIT, "c0ffee")
                .build());
        return object;
    }

    /** A desired state with every manifest valid. */
    public static DesiredState state(String commit, List<RenderedManifest> rendered) {
        return state(commit, rendered, Map.of(), Set.of());
    }

    public static DesiredState state(String commit, List<RenderedManifest> rendered, Map<Owner, String> failedOwners,
                                     Set<String> failedFiles) {
        Set<Owner> all = new java.util.HashSet<>(failedOwners.keySet());
        rendered.forEach(m -> all.add(m.owner()));
        return new DesiredState(commit, rendered, new HashMap<>(failedOwners), failedFiles, all);
    }

    public static List<RenderedManifest> deployments(int count) {
        List<RenderedManifest> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(deploymentManifest("model-" + i, "registry.example.com/model-" + i + ":1.0"));
        }
        return out;
    }
}
