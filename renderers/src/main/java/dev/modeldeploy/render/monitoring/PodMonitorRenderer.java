package dev.modeldeploy.render.monitoring;

import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.Names;
import dev.modeldeploy.render.Provenance;
import dev.modeldeploy.render.Tree;
import dev.modeldeploy.render.knative.KnativeServiceRenderer;
import dev.modeldeploy.render.knative.PredictorRuntime;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;

/**
 * A Prometheus Operator PodMonitor for a deployment's pods: queue-proxy's request metrics (port http-usermetric,
 * 9091) always, and the inference server's own metrics when it has them (Triton on 8002).
 *
 * <p>Knative lets a revision declare one port, so Triton's metrics port has no name a PodMonitor could select. The
 * second endpoint therefore selects queue-proxy's declared port (so there is one target per pod) and rewrites the
 * target address to the pod IP and the metrics port; IPv6 pod IPs get brackets.
 */
public final class PodMonitorRenderer {
    public static final String QUEUE_PROXY_METRICS_PORT = "http-usermetric";

    private PodMonitorRenderer() {
    }

    public static GenericKubernetesResource render(ModelDeployment deployment, Provenance provenance) {
        String name = Names.knativeService(deployment.id());
        PredictorRuntime runtime = PredictorRuntime.of(deployment.spec().predictor());
        List<Object> endpoints = new ArrayList<>();
        endpoints.add(Tree.map("port", QUEUE_PROXY_METRICS_PORT, "path", "/metrics"));
        if (runtime.metricsPort() > 0) {
            endpoints.add(Tree.map(
                    "port", QUEUE_PROXY_METRICS_PORT,
                    "path", "/metrics",
                    "relabelings", serverMetricsAddress(runtime.metricsPort(), runtime.predictor().manifestValue())));
        }
        GenericKubernetesResource monitor = provenance.newObject(ManagedKind.POD_MONITOR, name);
        monitor.setAdditionalProperty("spec", Tree.map(
                "selector", Tree.map("matchLabels", Tree.map(KnativeServiceRenderer.SERVICE_LABEL, name)),
                "podMetricsEndpoints", endpoints));
        return monitor;
    }

    private static List<Object> serverMetricsAddress(int port, String server) {
        return List.of(
                Tree.map("action", "replace", "sourceLabels", List.of("__meta_kubernetes_pod_ip"),
                        "regex", "([0-9.]+)", "targetLabel", "__address__", "replacement", "$1:" + port),
                Tree.map("action", "replace", "sourceLabels", List.of("__meta_kubernetes_pod_ip"),
                        "regex", "(.*:.*)", "targetLabel", "__address__", "replacement", "[$1]:" + port),
                Tree.map("action", "replace", "targetLabel", "metrics_source", "replacement", server));
    }
}
