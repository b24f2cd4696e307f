package dev.modeldeploy.render;

import static dev.modeldeploy.render.Rendered.at;
import static dev.modeldeploy.render.Rendered.listAt;
import static dev.modeldeploy.render.Rendered.mapAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.manifest.Finding;
import dev.modeldeploy.manifest.Predictor;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnativeServiceRendererTest {
    private static final ClusterSettings SETTINGS = Fixtures.jwtSettings();

    private static GenericKubernetesResource service(dev.modeldeploy.manifest.ModelDeployment deployment, ClusterSettings settings) {
        List<GenericKubernetesResource> objects = Rendered.renderValid(Fixtures.set(List.of(deployment), List.of()), settings);
        return Rendered.one(objects, "Service", Names.knativeService(deployment.id()));
    }

    @Test
    void odahuServerServesOnPort5000WithHealthcheckProbes() {
        GenericKubernetesResource service = service(Fixtures.deployment("wine", Predictor.ODAHU_ML_SERVER, s -> {
            s.liveness = 7;
            s.readiness = 3;
            return s;
        }), SETTINGS);

        assertThat(service.getApiVersion()).isEqualTo("serving.knative.dev/v1");
        assertThat(service.getMetadata().getLabels())
                .containsEntry("networking.knative.dev/visibility", "cluster-local")
                .containsEntry(ManagedLabels.DEPLOYMENT_ID, "wine");
        List<Map<String, Object>> containers = listAt(service, "spec", "template", "spec", "containers");
        assertThat(containers).hasSize(1);
        Map<String, Object> model = containers.get(0);
        assertThat(model).containsEntry("name", "model").doesNotContainKey("args").doesNotContainKey("command");
        assertThat(model.get("ports")).isEqualTo(List.of(Map.of("name", "http1", "containerPort", 5000, "protocol", "TCP")));
        assertThat(at(service, "spec", "template", "spec", "containers", 0, "livenessProbe"))
                .isEqualTo(Map.of("httpGet", Map.of("path", "/healthcheck", "port", 5000), "initialDelaySeconds", 7,
                        "periodSeconds", 10, "timeoutSeconds", 1, "failureThreshold", 3));
        assertThat(at(service, "spec", "template", "spec", "containers", 0, "readinessProbe", "initialDelaySeconds"))
                .isEqualTo(3);
        assertThat(KnativeConstraints.check(service)).isEmpty();
    }

    /** Knative's webhook round-trips the Service through Kubernetes' types: what we render must survive that. */
    @Test
    void rendersWhatKubernetesTypesKeep() {
        GenericKubernetesResource service = service(Fixtures.deployment("wine", Predictor.ODAHU_ML_SERVER, s -> {
            s.liveness = 0;
            s.readiness = 0;
            s.resources = new dev.modeldeploy.manifest.Resources(
                    new dev.modeldeploy.manifest.ResourceList("0.5", "1024Mi", null),
                    new dev.modeldeploy.manifest.ResourceList("1000m", "1.5Gi", null));
            return s;
        }), SETTINGS);

        // a zero probe delay is dropped by omitempty, so it is not rendered
        assertThat(mapAt(service, "spec", "template", "spec", "containers", 0, "livenessProbe")).doesNotContainKey("initialDelaySeconds");
        assertThat(mapAt(service, "spec", "template", "spec", "containers", 0, "readinessProbe")).doesNotContainKey("initialDelaySeconds");
        // quantities in the form resource.Quantity writes them back
        assertThat(at(service, "spec", "template", "spec", "containers", 0, "resources"))
                .isEqualTo(Map.of("requests", Map.of("cpu", "500m", "memory", "1Gi"), "limits", Map.of("cpu", "1", "memory", "1536Mi")));
        assertThat(KnativeConstraints.check(service)).isEmpty();
    }

    @Test
    void autoscalingAnnotationsComeFromTheManifestAndTheSettings() {
        ClusterSettings settings = SETTINGS;
        GenericKubernetesResource service = service(Fixtures.deployment("wine", Predictor.ODAHU_ML_SERVER,
                s -> s.replicas(0, 4).annotations(Map.of("autoscaling.knative.dev/scale-down-delay", "15m"))), settings);
        Map<String, Object> annotations = mapAt(service, "spec", "template", "metadata", "annotations");
        assertThat(annotations)
                .containsEntry("autoscaling.knative.dev/class", "kpa.autoscaling.knative.dev")
                .containsEntry("autoscaling.knative.dev/metric", "concurrency")
                .containsEntry("autoscaling.knative.dev/min-scale", "0")
                .containsEntry("autoscaling.knative.dev/max-scale", "4")
                .containsEntry("autoscaling.knative.dev/target", "10")
                .containsEntry("autoscaling.knative.dev/scale-down-delay", "15m");
    }

    @Test
    void tritonRunsTritonserverWithTheSettingsModelRepository() {
        ClusterSettings defaults = SETTINGS;
        ClusterSettings settings = new ClusterSettings(defaults.namespace(), defaults.clusterDomain(), defaults.ingress(),
                defaults.localGateway(), defaults.knativeNamespace(), new ClusterSettings.Autoscaling(25), defaults.jwt(),
                defaults.requestLogging(), new ClusterSettings.Triton("/mnt/models", List.of("--log-verbose=1")));
        GenericKubernetesResource service = service(Fixtures.triton("densenet"), settings);
        Map<String, Object> model = mapAt(service, "spec", "template", "spec", "containers", 0);
        assertThat(model.get("args")).isEqualTo(List.of("tritonserver", "--model-repository=/mnt/models",
                "--http-port=8000", "--grpc-port=8001", "--metrics-port=8002", "--strict-readiness=true", "--log-verbose=1"));
        assertThat(model.get("ports")).isEqualTo(List.of(Map.of("name", "http1", "containerPort", 8000, "protocol", "TCP")));
        assertThat(at(service, "spec", "template", "spec", "containers", 0, "livenessProbe", "httpGet", "path"))
                .isEqualTo("/v2/health/live");
        assertThat(at(service, "spec", "template", "spec", "containers", 0, "readinessProbe", "httpGet", "path"))
                .isEqualTo("/v2/health/ready");
        assertThat(at(service, "spec", "template", "metadata", "annotations", "autoscaling.knative.dev/target"))
                .isEqualTo("25");
    }

    @Test
    void gpusAreNvidiaGpuLimitsAndEqualRequests() {
        GenericKubernetesResource service = service(Fixtures.deployment("resnet", Predictor.TRITON, s -> s.gpu("1")), SETTINGS);
        assertThat(at(service, "spec", "template", "spec", "containers", 0, "resources"))
                .isEqualTo(Map.of(
                        "limits", Map.of("cpu", "2", "memory", "2Gi", "nvidia.com/gpu", "1"),
                        "requests", Map.of("cpu", "1", "memory", "1Gi", "nvidia.com/gpu", "1")));
    }

    @Test
    void pullSecretAndNodeSelectorPassThrough() {
        GenericKubernetesResource service = service(Fixtures.deployment("wine", Predictor.ODAHU_ML_SERVER, s -> {
            s.imagePullConnID = "my-registry";
            s.nodeSelector = Map.of("cloud.google.com/gke-nodepool", "models");
            return s;
        }), SETTINGS);
        assertThat(at(service, "spec", "template", "spec", "imagePullSecrets"))
                .isEqualTo(List.of(Map.of("name", "my-registry")));
        assertThat(at(service, "spec", "template", "spec", "nodeSelector"))
                .isEqualTo(Map.of("cloud.google.com/gke-nodepool", "models"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void withRequestLoggingTheAgentServesAndTheModelDeclaresNoPort() {
        GenericKubernetesResource service = service(Fixtures.triton("densenet"), Fixtures.loggingSettings());
        List<Map<String, Object>> containers = listAt(service, "spec", "template", "spec", "containers");
        assertThat(containers).extracting(c -> c.get("name")).containsExactly("model", "request-logger");
        assertThat(containers.get(0)).as("stock Knative allows neither a port nor probes on a non-serving container")
                .doesNotContainKeys("ports", "readinessProbe", "livenessProbe");
        Map<String, Object> agent = containers.get(1);
        assertThat(agent.get("image")).isEqualTo("kserve/agent:v0.15.2");
        assertThat(agent.get("ports")).isEqualTo(List.of(Map.of("name", "http1", "containerPort", 9081, "protocol", "TCP")));
        assertThat(String.join(" ", (List<String>) agent.get("args")))
                .isEqualTo("--port 9081 --component-port 8000 --log-url http://modeldeploy.modeldeploy.svc.cluster.local:8080/log"
                        + " --log-mode all --inference-service densenet --namespace modeldeploy --component predictor"
                        + " --endpoint default")
                .doesNotContain("--enable-logger");
        assertThat(agent).doesNotContainKey("livenessProbe");
        assertThat(at(service, "spec", "template", "spec", "containers", 1, "readinessProbe", "initialDelaySeconds"))
                .isEqualTo(2);
        assertThat(agent.get("env")).isEqualTo(List.of(Map.of("name", "SERVING_READINESS_PROBE", "value",
                "{\"httpGet\":{\"path\":\"/v2/health/ready\",\"port\":8000,\"host\":\"127.0.0.1\",\"scheme\":\"HTTP\"},"
                        + "\"successThreshold\":1}")));
        assertThat(KnativeConstraints.check(service)).isEmpty();
    }

    @Test
    void annotationsMayNotOverrideModeldeploysOwn() {
        var bad = Fixtures.deployment("bad", Predictor.ODAHU_ML_SERVER,
                s -> s.annotations(Map.of("autoscaling.knative.dev/min-scale", "3")));
        var legacy = Fixtures.deployment("legacy", Predictor.ODAHU_ML_SERVER,
                s -> s.annotations(Map.of("autoscaling.knative.dev/maxScale", "3")));
        RenderResult result = Rendered.render(Fixtures.set(List.of(bad, legacy, Fixtures.odahu("good")), List.of()), SETTINGS);

        assertThat(result.rendered()).extracting(r -> r.owner().id()).containsExactly("good");
        assertThat(result.failures()).extracting(Finding::id).containsExactly("bad", "legacy");
        Finding finding = result.failures().get(0);
        assertThat(finding.kind()).isEqualTo("ModelDeployment");
        assertThat(finding.jsonPath()).isEqualTo("$.spec.annotations['autoscaling.knative.dev/min-scale']");
        assertThat(finding.toText()).startsWith("models/bad.yaml:1:1: error: bad: $.spec.annotations[")
                .contains("set by modeldeploy from spec.minReplicas");
        assertThat(result.failures().get(1).message()).contains("older spelling of max-scale");
    }

    @Test
    void badQuantitiesAndReplicaBoundsBecomeFindings() {
        var quantity = Fixtures.deployment("quantity", Predictor.ODAHU_ML_SERVER, s -> {
            s.resources = new dev.modeldeploy.manifest.Resources(null,
                    new dev.modeldeploy.manifest.ResourceList("lots", "1Gi", null));
            return s;
        });
        var bounds = Fixtures.deployment("bounds", Predictor.ODAHU_ML_SERVER, s -> s.replicas(5, 2));
        var gpus = Fixtures.deployment("gpus", Predictor.TRITON, s -> {
            s.resources = new dev.modeldeploy.manifest.Resources(new dev.modeldeploy.manifest.ResourceList("1", "1Gi", "2"),
                    new dev.modeldeploy.manifest.ResourceList("1", "1Gi", "1"));
            return s;
        });
        RenderResult result = Rendered.render(Fixtures.set(List.of(quantity, bounds, gpus), List.of()), SETTINGS);
        assertThat(result.rendered()).isEmpty();
        assertThat(result.failures()).extracting(Finding::jsonPath)
                .containsExactly("$.spec.resources.limits.cpu", "$.spec.minReplicas", "$.spec.resources.requests.gpu");
    }
}
