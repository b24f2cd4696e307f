package dev.modeldeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.health.RevisionLookup;
import dev.modeldeploy.kube.KubeApiServer;
import dev.modeldeploy.kube.KubeApiServerExtension;
import dev.modeldeploy.leader.LeaderElection;
import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.metrics.ReconcileMetrics;
import dev.modeldeploy.pipeline.DesiredStateBuilder;
import dev.modeldeploy.render.settings.ClusterSettings;
import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSet;
import dev.modeldeploy.sync.ReconcileEngine;
import dev.modeldeploy.sync.ReconcileOptions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart, installed with its defaults on a real API server, is accepted whole; and its RBAC is enough for the
 * daemon's real work (reconcile the examples, watch Revisions, take the leader Lease) through the chart's own
 * ServiceAccount, with a token the server issued, and no more than that.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartOnRealServerTest {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

    @TempDir
    static Path scratch;

    @Test
    @Order(1)
    void theServerAcceptsEveryObjectOfTheDefaultInstall() {
        KubeApiServer server = KUBE.server();
        installDefaults(server);
        try (KubernetesClient admin = server.adminClient()) {
            for (RenderedRelease.RenderedObject object : release().objects()) {
                GenericKubernetesResource stored = admin.genericKubernetesResources(
                                object.json().path("apiVersion").asText(), object.json().path("kind").asText())
                        .inNamespace(HelmChart.NAMESPACE).withName(object.name()).get();
                assertThat(stored).as(object.apiVersionKind() + " " + object.name()).isNotNull();
            }
        }
    }

    @Test
    @Order(2)
    void theChartsServiceAccountCanDoTheDaemonsWorkAndNoMore() throws Exception {
        KubeApiServer server = KUBE.server();
        installDefaults(server);
        String serviceAccount = release().one(ServiceAccount.class).getMetadata().getName();
        String token = server.serviceAccountToken(HelmChart.NAMESPACE, serviceAccount);
        ClusterSettings settings = ClusterSettings.load(Files.writeString(scratch.resolve("cluster-settings.yaml"),
                daemonConfigMap().getData().get("cluster-settings.yaml")));
        try (KubernetesClient daemon = server.clientWithToken(token, HelmChart.NAMESPACE);
             LiveObjectCache cache = new LiveObjectCache(daemon, HelmChart.NAMESPACE).start(Duration.ofSeconds(30));
             RevisionLookup revisions = RevisionLookup.watching(daemon, HelmChart.NAMESPACE, Duration.ofSeconds(30));
             ReconcileEngine engine = new ReconcileEngine(daemon, cache, ReconcileOptions.DEFAULT,
                     ReconcileMetrics.inMemory())) {
            var desired = new DesiredStateBuilder(new ManifestLoader(), settings).build(examplesRepo(), "c1", Map.of());
            assertThat(desired.findings()).isEmpty();

            ChangeSet changes = engine.reconcile(desired.desired());

            assertThat(changes.entries()).isNotEmpty().allSatisfy(e -> assertThat(e.action())
                    .as(e.subject() + ": " + e.reason()).isEqualTo(Action.CREATED));
            assertThat(engine.reconcile(desired.desired()).entries()).allMatch(e -> e.action() == Action.UNCHANGED);

            LeaderElection election = new LeaderElection(daemon, HelmChart.NAMESPACE, leaseName(), "replica-a",
                    new LeaderElection.Timing(Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(500)),
                    () -> { }, () -> { });
            try (election) {
                election.start();
                await().atMost(Duration.ofSeconds(20)).until(election::isLeader);
            }

            // least privilege: nothing outside the managed kinds, nothing outside its namespace
            assertForbidden(() -> daemon.apps().deployments().inNamespace(HelmChart.NAMESPACE)
                    .resource(new DeploymentBuilder().withNewMetadata().withName("x").endMetadata().build()).create());
            assertForbidden(() -> daemon.secrets().inNamespace("kube-system").list());
            assertForbidden(() -> daemon.rbac().roles().inNamespace(HelmChart.NAMESPACE).list());
        }
    }

    private static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }

    private static RenderedRelease release() {
        return RenderedRelease.parse(HelmChart.template("", scratch));
    }

    /** The daemon's configuration as the chart renders it: config.yaml and cluster-settings.yaml. */
    private static ConfigMap daemonConfigMap() {
        return release().all(ConfigMap.class).stream().filter(c -> c.getData().containsKey("config.yaml")).findFirst()
                .orElseThrow(() -> new AssertionError("the chart renders no daemon ConfigMap"));
    }

    private static String leaseName() throws Exception {
        return new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(daemonConfigMap().getData().get("config.yaml"))
                .path("leaderElection").path("leaseName").asText();
    }

    /** Creates every object of `helm template` with the default values, as `helm install` would (once). */
    private static synchronized void installDefaults(KubeApiServer server) {
        server.ensureNamespace(HelmChart.NAMESPACE);
        try (KubernetesClient admin = server.adminClient()) {
            for (RenderedRelease.RenderedObject object : release().objects()) {
                var resources = admin.genericKubernetesResources(object.json().path("apiVersion").asText(),
                        object.json().path("kind").asText());
                boolean namespaced = !object.json().path("kind").asText().startsWith("Cluster");
                var scoped = namespaced ? resources.inNamespace(HelmChart.NAMESPACE) : resources;
                if (scoped.withName(object.name()).get() == null) {
                    scoped.resource(Serialization.unmarshal(object.json().toString(), GenericKubernetesResource.class))
                            .create();
                }
            }
        }
    }

    private static Path examplesRepo() {
        return Stream.of(Path.of("examples-repo"), Path.of("../examples-repo"), Path.of("../../examples-repo"))
                .filter(Files::isDirectory).findFirst().orElseThrow();
    }
}
