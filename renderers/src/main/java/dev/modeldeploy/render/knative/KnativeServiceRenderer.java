package dev.modeldeploy.render.knative;

import dev.modeldeploy.manifest.DeploymentSpec;
import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.render.JsonPaths;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.Names;
import dev.modeldeploy.render.Provenance;
import dev.modeldeploy.render.RenderException;
import dev.modeldeploy.render.Tree;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Knative Service running one ModelDeployment: scale-to-zero KPA autoscaling on concurrency, the predictor's
 * container with probes and resources, optionally the request logger in front of it.
 *
 * <p>The Service is cluster-local (networking.knative.dev/visibility): it gets no route on Knative's public domain,
 * and callers reach it only through modeldeploy's VirtualServices under /model/&lt;id&gt;/ and the routes' prefixes.
 */
public final class KnativeServiceRenderer {
    /** The label Knative puts on a Service's pods; access control and monitoring select on it. */
    public static final String SERVICE_LABEL = "serving.knative.dev/service";
    public static final String VISIBILITY_LABEL = "networking.knative.dev/visibility";
    public static final String MODEL_CONTAINER = "model";

    public static final String CLASS = "autoscaling.knative.dev/class";
    public static final String METRIC = "autoscaling.knative.dev/metric";
    public static final String MIN_SCALE = "autoscaling.knative.dev/min-scale";
    public static final String MAX_SCALE = "autoscaling.knative.dev/max-scale";
    public static final String TARGET = "autoscaling.knative.dev/target";
    /** Keys modeldeploy sets, plus the older spellings Knative still reads as the same setting. */
    private static final Map<String, String> OWN_ANNOTATIONS = Map.of(
            CLASS, "set by modeldeploy (Knative Pod Autoscaler)",
            METRIC, "set by modeldeploy (concurrency)",
            MIN_SCALE, "set by modeldeploy from spec.minReplicas",
            "autoscaling.knative.dev/minScale", "an older spelling of min-scale, which modeldeploy sets from spec.minReplicas",
            MAX_SCALE, "set by modeldeploy from spec.maxReplicas",
            "autoscaling.knative.dev/maxScale", "an older spelling of max-scale, which modeldeploy sets from spec.maxReplicas",
            TARGET, "set by modeldeploy from the cluster settings (autoscaling.target)");
    private static final Set<String> RESERVED_PREFIXES = Set.of("modeldeploy.dev/");

    private KnativeServiceRenderer() {
    }

    public static GenericKubernetesResource render(ModelDeployment deployment, ClusterSettings settings, Provenance provenance) {
        DeploymentSpec spec = deployment.spec();
        if (spec.maxReplicas() > 0 && spec.minReplicas() > spec.maxReplicas()) {
            throw new RenderException("$.spec.minReplicas", "minReplicas (" + spec.minReplicas()
                    + ") is greater than maxReplicas (" + spec.maxReplicas() + ")");
        }
        PredictorRuntime runtime = PredictorRuntime.of(spec.predictor());
        String name = Names.knativeService(deployment.id());

        Map<String, Object> podSpec = Tree.map(
                "imagePullSecrets", imagePullSecrets(spec.imagePullConnID()),
                "nodeSelector", Tree.nonEmpty(nodeSelector(spec.nodeSelector())),
                "containers", containers(deployment, runtime, settings));
        Map<String, Object> template = Tree.map(
                "metadata", Tree.map(
                        "labels", Tree.sorted(provenance.labels()),
                        "annotations", revisionAnnotations(spec, settings)),
                "spec", podSpec);

        GenericKubernetesResource service = provenance.newObject(ManagedKind.KNATIVE_SERVICE, name,
                Map.of(VISIBILITY_LABEL, "cluster-local"));
        service.setAdditionalProperty("spec", Tree.map("template", template));
        return service;
    }

    private static List<Object> containers(ModelDeployment deployment, PredictorRuntime runtime, ClusterSettings settings) {
        boolean logging = settings.requestLogging().enabled();
        // With the logger, the agent is the serving container and the model declares no port: Knative allows one.
        List<Object> containers = new ArrayList<>();
        containers.add(modelContainer(deployment.spec(), runtime, settings, !logging));
        if (logging) {
            containers.add(RequestLoggerAgent.container(deployment, runtime, settings));
        }
        return containers;
    }

    /**
     * The model's container. As the serving container it declares the port and carries the probes (queue-proxy runs
     * the readiness probe, kubelet the liveness probe). Behind the request logger it declares nothing: stock
     * Knative rejects probes on a container without the port (multi-container-probing is off by default), so the
     * agent checks the model's readiness itself and the model gets no liveness probe.
     */
    private static Map<String, Object> modelContainer(DeploymentSpec spec, PredictorRuntime runtime, ClusterSettings settings,
            boolean serving) {
        return Tree.map(
                "name", MODEL_CONTAINER,
                "image", spec.image(),
                "args", Tree.nonEmpty(Tree.listOf(runtime.args(settings))),
                "ports", serving ? List.of(servingPort(runtime.httpPort())) : null,
                "resources", Quantities.containerResources(spec.resources()),
                "livenessProbe", serving ? Tree.map(
                        "httpGet", Tree.map("path", runtime.livenessPath(), "port", runtime.httpPort()),
                        "initialDelaySeconds", unlessZero(spec.livenessProbeInitialDelay()),
                        "periodSeconds", 10,
                        "timeoutSeconds", 1,
                        "failureThreshold", 3) : null,
                "readinessProbe", serving ? Tree.map(
                        "httpGet", Tree.map("path", runtime.readinessPath(), "port", runtime.httpPort()),
                        "initialDelaySeconds", unlessZero(spec.readinessProbeInitialDelay()),
                        "periodSeconds", 10,
                        "timeoutSeconds", 1,
                        "successThreshold", 1,
                        "failureThreshold", 3) : null);
    }

    /**
     * Null for zero, so the field is left out: Kubernetes' types drop a zero probe setting (omitempty) when Knative's
     * webhook stores the Service, and a field we send that never reads back would count as drift in our containers.
     */
    static Integer unlessZero(int value) {
        return value == 0 ? null : value;
    }

    /** The one port of a revision: queue-proxy forwards to it; http1 tells Knative it speaks HTTP/1.1. */
    static Map<String, Object> servingPort(int port) {
        return Tree.map("name", "http1", "containerPort", port, "protocol", "TCP");
    }

    private static List<Object> imagePullSecrets(String connectionId) {
        if (connectionId == null || connectionId.isEmpty()) {
            return null;
        }
        if (!Names.isDns1123Subdomain(connectionId)) {
            throw new RenderException("$.spec.imagePullConnID", "\"" + connectionId
                    + "\" cannot name a Secret (lowercase letters, digits, '-' and '.')");
        }
        return List.of(Tree.map("name", connectionId));
    }

    private static Map<String, Object> nodeSelector(Map<String, String> selector) {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!Names.isQualifiedName(e.getKey())) {
                throw new RenderException(JsonPaths.child("$.spec.nodeSelector", e.getKey()), "\"" + e.getKey() + "\" is not a valid label key");
            }
            if (!Names.isLabelValue(e.getValue())) {
                throw new RenderException(JsonPaths.child("$.spec.nodeSelector", e.getKey()), "\"" + e.getValue() + "\" is not a valid label value");
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static Map<String, Object> revisionAnnotations(DeploymentSpec spec, ClusterSettings settings) {
        Map<String, Object> annotations = new TreeMap<>();
        for (Map.Entry<String, String> e : spec.annotations().entrySet()) {
            String key = e.getKey();
            String why = OWN_ANNOTATIONS.get(key);
            if (why != null) {
                throw new RenderException(JsonPaths.child("$.spec.annotations", key), "annotation " + key + " is " + why
                        + "; remove it from spec.annotations");
            }
            for (String prefix : RESERVED_PREFIXES) {
                if (key.startsWith(prefix)) {
                    throw new RenderException(JsonPaths.child("$.spec.annotations", key), "annotations under " + prefix + " are modeldeploy's own");
                }
            }
            if (!Names.isQualifiedName(key)) {
                throw new RenderException(JsonPaths.child("$.spec.annotations", key), "\"" + key + "\" is not a valid annotation key");
            }
            annotations.put(key, e.getValue());
        }
        annotations.put(CLASS, "kpa.autoscaling.knative.dev");
        annotations.put(METRIC, "concurrency");
        annotations.put(MIN_SCALE, String.valueOf(spec.minReplicas()));
        annotations.put(MAX_SCALE, String.valueOf(spec.maxReplicas()));
        annotations.put(TARGET, String.valueOf(settings.autoscaling().target()));
        return annotations;
    }
}
