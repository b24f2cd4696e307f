package dev.modeldeploy.sync;

import static dev.modeldeploy.sync.TestManifests.deploymentManifest;
import static dev.modeldeploy.sync.TestManifests.deployments;
import static dev.modeldeploy.sync.TestManifests.routeManifest;
import static dev.modeldeploy.sync.TestManifests.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modeldeploy.cache.ObjectKey;
import dev.modeldeploy.diff.LastApplied;
import dev.modeldeploy.kube.KubeApiServerExtension;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.RenderedManifest;
import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSet;
import dev.modeldeploy.sync.common.ChangeSetEntry;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on the {0} API server")
@EnumSource(ServerKind.class)
class ReconcileEngineTest {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

    private final EngineFixture f;

    ReconcileEngineTest(ServerKind server) {
        f = new EngineFixture(server, KUBE);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void createsEveryObjectFromEmptyInApplyOrder() {
        List<RenderedManifest> manifests = new ArrayList<>(deployments(2));
        manifests.add(routeManifest("r1", "model-1", "model-2"));

        ChangeSet changes = f.engine.reconcile(state("c1", manifests));

        assertThat(changes.entries()).hasSize(7).allMatch(e -> e.action() == Action.CREATED);
        assertThat(changes.commit()).isEqualTo("c1");
        GenericKubernetesResource service = f.live(ManagedKind.KNATIVE_SERVICE, "model-1");
        assertThat(service.getMetadata().getAnnotations()).containsKey(LastApplied.ANNOTATION);
        assertThat(service.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "modeldeploy");
        assertThat(f.live(ManagedKind.VIRTUAL_SERVICE, "route-r1")).isNotNull();
        // ConfigMaps (order 0) before Knative Services (10) before PodMonitors (20) before VirtualServices (30)
        List<String> posts = f.api.writes().stream().filter(w -> w.startsWith("POST")).map(w -> w.split("/")[w.split("/").length - 1]).toList();
        assertThat(posts).containsExactly("configmaps", "configmaps", "services", "services", "podmonitors",
                "podmonitors", "virtualservices");
    }

    @Test
    void aCycleWithNothingChangedWritesNothing() {
        f.engine.reconcile(state("c1", deployments(3)));
        f.api.clear();

        ChangeSet again = f.engine.reconcile(state("c1", deployments(3)));

        assertThat(again.entries()).hasSize(9).allMatch(e -> e.action() == Action.UNCHANGED);
        assertThat(f.api.writes()).isEmpty();
    }

    @Test
    void changingOneFieldOfOneDeploymentTouchesOnlyThatObject() {
        f.engine.reconcile(state("c1", deployments(3)));
        f.api.clear();

        List<RenderedManifest> changed = new ArrayList<>(deployments(3));
        changed.set(1, deploymentManifest("model-2", "registry.example.com/model-2:2.0"));
        ChangeSet changes = f.engine.reconcile(state("c2", changed));

        assertThat(changes.entries()).filteredOn(e -> e.action() != Action.UNCHANGED)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.action()).isEqualTo(Action.CONFIGURED);
                    assertThat(e.name()).isEqualTo("model-2");
                    assertThat(e.reason()).contains("spec.template.spec.containers");
                });
        assertThat(f.api.writes()).singleElement().asString()
                .startsWith("PATCH").endsWith("/namespaces/models/services/model-2");
        assertThat(containerImage(f.live(ManagedKind.KNATIVE_SERVICE, "model-2"))).isEqualTo("registry.example.com/model-2:2.0");
    }

    @Test
    void aFieldRemovedInGitDisappearsLive() {
        f.engine.reconcile(state("c1", List.of(deploymentManifest("model-1", "img:1",
                spec -> spec.put("traffic", List.of(Map.of("latestRevision", true, "percent", 100)))))));
        assertThat(f.live(ManagedKind.KNATIVE_SERVICE, "model-1").getAdditionalProperties().get("spec"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("traffic");

        ChangeSet changes = f.engine.reconcile(state("c2", List.of(deploymentManifest("model-1", "img:1"))));

        assertThat(changes.forOwner(TestManifests.deployment("model-1")))
                .filteredOn(e -> e.action() == Action.CONFIGURED).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("spec.traffic (removed)"));
        assertThat(f.live(ManagedKind.KNATIVE_SERVICE, "model-1").getAdditionalProperties().get("spec"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).doesNotContainKey("traffic");
        f.api.clear();
        f.engine.reconcile(state("c2", List.of(deploymentManifest("model-1", "img:1"))));
        assertThat(f.api.writes()).isEmpty();
    }

    @Test
    void driftByHandIsNoticedByTheWatchHealedAndCounted() {
        f.engine.reconcile(state("c1", deployments(2)));
        f.patchByHand(ManagedKind.KNATIVE_SERVICE, "model-1",
                "{\"spec\":{\"template\":{\"spec\":{\"timeoutSeconds\":5}}}}");

        await().atMost(Duration.ofSeconds(10)).until(() -> f.drifted.contains(TestManifests.deployment("model-1")));
        f.api.clear();
        ChangeSet changes = f.engine.reconcile(state("c1", deployments(2)));

        assertThat(changes.entries()).filteredOn(e -> e.action() == Action.CONFIGURED).singleElement()
                .satisfies(e -> {
                    assertThat(e.name()).isEqualTo("model-1");
                    assertThat(e.reason()).isEqualTo("drift healed spec.template.spec.timeoutSeconds");
                });
        assertThat(f.api.writes()).hasSize(1);
        Object timeout = ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) f.live(ManagedKind.KNATIVE_SERVICE, "model-1")
                .getAdditionalProperties().get("spec")).get("template")).get("spec")).get("timeoutSeconds");
        assertThat(timeout).isEqualTo(300);
        assertThat(f.counter("modeldeploy.drift.corrections", "kind", "Service")).isEqualTo(1.0);
    }

    @Test
    void anObjectDeletedByHandIsNoticedAndRecreated() {
        f.engine.reconcile(state("c1", deployments(1)));
        f.client().configMaps().inNamespace(TestManifests.NAMESPACE).withName("model-1-openapi").delete();

        await().atMost(Duration.ofSeconds(10)).until(() -> f.drifted.contains(TestManifests.deployment("model-1")));
        await().atMost(Duration.ofSeconds(10)).until(() -> f.cache.get(new ObjectKey("v1", "ConfigMap", "model-1-openapi")).isEmpty());
        ChangeSet changes = f.engine.reconcile(state("c1", deployments(1)));

        assertThat(changes.entries()).filteredOn(e -> e.action() == Action.CREATED)
                .extracting(ChangeSetEntry::name).containsExactly("model-1-openapi");
    }

    @Test
    void fieldsOthersAddAreLeftAloneWithoutAnyWrite() {
        f.engine.reconcile(state("c1", deployments(1)));
        f.patchByHand(ManagedKind.KNATIVE_SERVICE, "model-1", """
                {"metadata":{"annotations":{"serving.knative.dev/creator":"system:admin"},
                             "labels":{"istio.io/rev":"canary"}},
                 "spec":{"template":{"spec":{"containerConcurrency":0,"enableServiceLinks":false}},
                         "traffic":[{"latestRevision":true,"percent":100}]}}""");
        GenericKubernetesResource withStatus = f.live(ManagedKind.KNATIVE_SERVICE, "model-1");
        withStatus.setAdditionalProperty("status", Map.of("observedGeneration", 2, "url", "http://model-1.models.example.com"));
        f.client().genericKubernetesResources(dev.modeldeploy.cache.LiveObjectCache.context(ManagedKind.KNATIVE_SERVICE))
                .inNamespace(TestManifests.NAMESPACE).resource(withStatus).updateStatus();
        await().atMost(Duration.ofSeconds(10)).until(() -> f.cache.get(new ObjectKey("serving.knative.dev/v1", "Service", "model-1"))
                .map(s -> s.getAdditionalProperties().containsKey("status")).orElse(false));
        f.api.clear();

        ChangeSet changes = f.engine.reconcile(state("c1", deployments(1)));

        assertThat(changes.entries()).allMatch(e -> e.action() == Action.UNCHANGED);
        assertThat(f.api.writes()).isEmpty();
        assertThat(f.drifted).isEmpty();
        GenericKubernetesResource live = f.live(ManagedKind.KNATIVE_SERVICE, "model-1");
        assertThat(live.getMetadata().getAnnotations()).containsEntry("serving.knative.dev/creator", "system:admin");
        assertThat(live.getMetadata().getLabels()).containsEntry("istio.io/rev", "canary");
    }

    @Test
    void objectsWithoutOurLabelAreNeverTouchedNorPruned() {
        GenericKubernetesResource foreign = new GenericKubernetesResource();
        foreign.setApiVersion("v1");
        foreign.setKind("ConfigMap");
        foreign.setMetadata(new ObjectMetaBuilder().withName("model-1-openapi").withNamespace(TestManifests.NAMESPACE)
                .addToLabels("team", "platform").build());
        foreign.setAdditionalProperty("data", Map.of("owner", "someone else"));
        GenericKubernetesResource unrelated = new GenericKubernetesResource();
        unrelated.setApiVersion("v1");
        unrelated.setKind("ConfigMap");
        unrelated.setMetadata(new ObjectMetaBuilder().withName("platform-settings").withNamespace(TestManifests.NAMESPACE).build());
        var configMaps = f.client().genericKubernetesResources(dev.modeldeploy.cache.LiveObjectCache.context(ManagedKind.CONFIG_MAP))
                .inNamespace(TestManifests.NAMESPACE);
        String foreignVersion = configMaps.resource(foreign).create().getMetadata().getResourceVersion();
        configMaps.resource(unrelated).create();

        ChangeSet changes = f.engine.reconcile(state("c1", deployments(1)));

        assertThat(changes.entries()).filteredOn(e -> e.name().equals("model-1-openapi")).singleElement()
                .satisfies(e -> {
                    assertThat(e.action()).isEqualTo(Action.SKIPPED);
                    assertThat(e.reason()).contains("without the label app.kubernetes.io/managed-by=modeldeploy");
                });
        assertThat(f.live(ManagedKind.CONFIG_MAP, "model-1-openapi").getMetadata().getResourceVersion()).isEqualTo(foreignVersion);
        // Git empty of everything but one other deployment: the unlabelled objects are still not candidates
        ChangeSet later = f.engine.reconcile(state("c2", List.of(deploymentManifest("model-9", "img:9"))));
        assertThat(later.entries()).noneMatch(e -> e.name().equals("platform-settings") || e.name().equals("model-1-openapi")
                && e.action() == Action.DELETED);
        assertThat(f.live(ManagedKind.CONFIG_MAP, "platform-settings")).isNotNull();
        assertThat(f.live(ManagedKind.CONFIG_MAP, "model-1-openapi")).isNotNull();
        assertThat(f.api.writes()).noneMatch(w -> w.contains("platform-settings") || w.startsWith("DELETE") && w.contains("model-1-openapi"));
    }

    @Test
    void aRestartMidCycleConvergesWithoutDuplicates() {
        // the first engine stops half way: after its ConfigMaps every write fails and it may not retry
        f.stopEngine();
        f.startEngine(EngineFixture.FAST.withRetry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO)));
        f.api.fail("POST", "/services", 503, 1000).fail("POST", "/podmonitors", 503, 1000);
        ChangeSet interrupted = f.engine.reconcile(state("c1", deployments(3)));
        assertThat(interrupted.count(Action.CREATED)).isEqualTo(3);
        assertThat(interrupted.count(Action.FAILED)).isEqualTo(6);
        f.stopEngine();

        f.api.clearFaults();
        f.api.clear();
        f.startEngine(EngineFixture.FAST);
        ChangeSet resumed = f.engine.reconcile(state("c1", deployments(3)));

        assertThat(resumed.count(Action.UNCHANGED)).isEqualTo(3);
        assertThat(resumed.count(Action.CREATED)).isEqualTo(6);
        assertThat(f.api.writesMatching("POST", "/configmaps")).isZero();
        assertThat(f.liveAll(ManagedKind.CONFIG_MAP)).hasSize(3);
        assertThat(f.liveAll(ManagedKind.KNATIVE_SERVICE)).hasSize(3);
        assertThat(f.liveAll(ManagedKind.POD_MONITOR)).hasSize(3);
    }

    @SuppressWarnings("unchecked")
    private static String containerImage(GenericKubernetesResource service) {
        Map<String, Object> spec = (Map<String, Object>) service.getAdditionalProperties().get("spec");
        Map<String, Object> template = (Map<String, Object>) spec.get("template");
        Map<String, Object> podSpec = (Map<String, Object>) template.get("spec");
        return (String) ((List<Map<String, Object>>) podSpec.get("containers")).get(0).get("image");
    }
}
