package dev.modeldeploy.render.knative;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.render.Tree;
import dev.modeldeploy.render.settings.ClusterSettings;
import java.util.List;
import java.util.Map;

/**
 * The KServe agent as a request/response logger in front of the model, the way KServe's webhook injects it, but
 * written into the Knative Service directly so no KServe controller is needed.
 *
 * <p>The agent listens on {@value #PORT} and proxies to the model on 127.0.0.1:--component-port. Knative allows
 * exactly one declared port per revision, so the agent becomes the serving container (port http1/9081, which
 * queue-proxy forwards to) and the model container declares none. For every request the agent posts two
 * CloudEvents (binary mode) to --log-url: ce-type org.kubeflow.serving.inference.request / .response, ce-id = the
 * request's Ce-Id header (the VirtualService sets it from x-request-id, so it equals the request-id response
 * header), ce-inferenceservicename = the deployment id, ce-namespace, ce-component = predictor, ce-endpoint =
 * default. The agent's logger starts when --log-url is given (KServe's releases have no --enable-logger flag and
 * reject unknown flags, so none is passed).
 *
 * <p>The agent answers Knative's readiness probe itself (path /, header K-Network-Probe: queue, as KServe sets it)
 * by probing the model with SERVING_READINESS_PROBE, which the agent requires; the manifest's readiness delay goes
 * on that probe. Neither container gets a liveness probe: the agent answers kubelet-style probes only with the
 * model's readiness (a model still loading would be restarted), and stock Knative allows no probes on the model's
 * container once it no longer serves.
 */
public final class RequestLoggerAgent {
    public static final String CONTAINER_NAME = "request-logger";
    public static final int PORT = 9081;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestLoggerAgent() {
    }

    static Map<String, Object> container(ModelDeployment deployment, PredictorRuntime runtime, ClusterSettings settings) {
        ClusterSettings.RequestLogging logging = settings.requestLogging();
        List<Object> args = Tree.list(
                "--port", String.valueOf(PORT),
                "--component-port", String.valueOf(runtime.httpPort()),
                "--log-url", logging.collectorUrl(),
                "--log-mode", logging.mode(),
                "--inference-service", deployment.id(),
                "--namespace", settings.namespace(),
                "--component", "predictor",
                "--endpoint", "default");
        return Tree.map(
                "name", CONTAINER_NAME,
                "image", logging.loggerImage(),
                "args", args,
                "env", List.of(Tree.map("name", "SERVING_READINESS_PROBE", "value", modelReadinessProbeJson(runtime))),
                "ports", List.of(KnativeServiceRenderer.servingPort(PORT)),
                "readinessProbe", Tree.map(
                        "httpGet", Tree.map(
                                "path", "/",
                                "port", PORT,
                                "httpHeaders", List.of(Tree.map("name", "K-Network-Probe", "value", "queue"))),
                        "initialDelaySeconds", KnativeServiceRenderer.unlessZero(deployment.spec().readinessProbeInitialDelay()),
                        "periodSeconds", 10,
                        "timeoutSeconds", 1,
                        "successThreshold", 1,
                        "failureThreshold", 3),
                "resources", Tree.map(
                        "limits", Tree.map("cpu", "1", "memory", "1Gi"),
                        "requests", Tree.map("cpu", "100m", "memory", "100Mi")));
    }

    private static String modelReadinessProbeJson(PredictorRuntime runtime) {
        Map<String, Object> probe = Tree.map(
                "httpGet", Tree.map(
                        "path", runtime.readinessPath(),
                        "port", runtime.httpPort(),
                        "host", "127.0.0.1",
                        "scheme", "HTTP"),
                "successThreshold", 1);
        try {
            return JSON.writeValueAsString(probe);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a probe as JSON", e);
        }
    }
}
