package dev.modeldeploy.render.knative;

import dev.modeldeploy.manifest.Predictor;
import dev.modeldeploy.render.settings.ClusterSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * How each inference server runs: the one port Knative sends requests to, the health paths, and what else it exposes.
 *
 * @param metricsPort a port serving Prometheus metrics besides queue-proxy's, or 0 when the server has none
 */
public record PredictorRuntime(Predictor predictor, int httpPort, String livenessPath, String readinessPath, int metricsPort) {
    public static final int ODAHU_HTTP_PORT = 5000;
    public static final int TRITON_HTTP_PORT = 8000;
    public static final int TRITON_GRPC_PORT = 8001;
    public static final int TRITON_METRICS_PORT = 8002;

    public static PredictorRuntime of(Predictor predictor) {
        return switch (predictor) {
            case ODAHU_ML_SERVER -> new PredictorRuntime(predictor, ODAHU_HTTP_PORT, "/healthcheck", "/healthcheck", 0);
            case TRITON -> new PredictorRuntime(predictor, TRITON_HTTP_PORT, "/v2/health/live", "/v2/health/ready",
                    TRITON_METRICS_PORT);
        };
    }

    /**
     * Container args. The ODAHU server image starts itself; Triton images keep NVIDIA's entrypoint (which sets up the
     * environment and then runs its arguments), so the server command goes into args, not command.
     */
    public List<String> args(ClusterSettings settings) {
        if (predictor != Predictor.TRITON) {
            return List.of();
        }
        List<String> args = new ArrayList<>(List.of(
                "tritonserver",
                "--model-repository=" + settings.triton().modelRepository(),
                "--http-port=" + TRITON_HTTP_PORT,
                "--grpc-port=" + TRITON_GRPC_PORT,
                "--metrics-port=" + TRITON_METRICS_PORT,
                // Ready only once every model loaded, so Knative sends no request to a half-loaded server.
                "--strict-readiness=true"));
        args.addAll(settings.triton().extraArgs());
        return args;
    }
}
