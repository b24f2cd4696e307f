package dev.modeldeploy.sync;

import static dev.modeldeploy.sync.TestManifests.NAMESPACE;
import static dev.modeldeploy.sync.TestManifests.deployment;
import static dev.modeldeploy.sync.TestManifests.deploymentManifest;
import static dev.modeldeploy.sync.TestManifests.deployments;
import static dev.modeldeploy.sync.TestManifests.routeManifest;
import static dev.modeldeploy.sync.TestManifests.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.embedded.EmbeddedCluster;
import dev.modeldeploy.embedded.KnativeSimulator;
import dev.modeldeploy.health.HealthReader;
import dev.modeldeploy.health.RevisionLookup;
import dev.modeldeploy.health.ManifestStatus;
import dev.modeldeploy.health.State;
import dev.modeldeploy.metrics.ReconcileMetrics;
import dev.modeldeploy.render.RenderedManifest;
import dev.modeldeploy.sync.common.DesiredState;
import dev.modeldeploy.sync.ReconcileEngine;
import dev.modeldeploy.sync.ReconcileOptions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KnativeSimulatorTest {
    private final EmbeddedCluster cluster = EmbeddedCluster.start(0, NAMESPACE);
    private final KnativeSimulator simulator =
            new KnativeSimulator(cluster.client(), cluster, NAMESPACE, Duration.ofMillis(100)).start();
    private final LiveObjectCache cache = new LiveObjectCache(cluster.client(), NAMESPACE).start(Duration.ofSeconds(10));
    private final ReconcileEngine engine =
            new ReconcileEngine(cluster.client(), cache, ReconcileOptions.DEFAULT, ReconcileMetrics.inMemory());
    private final HealthReader health = new HealthReader(cluster.client(), cache);

    @AfterEach
    void close() {
        engine.close();
        cache.close();
        simulator.close();
        cluster.close();
    }

    private ManifestStatus status(DesiredState desired, String id) {
        return health.statuses(desired, engine.appliedCommits(), Map.of("r1", List.of("model-1")), Instant.now())
                .stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aNewServiceBecomesReadyWithUrlRevisionAndReplicas() {
        DesiredState desired = state("c1", List.of(deploymentManifest("model-1", "registry.example.com/m:1"),
                routeManifest("r1", "model-1")));
        engine.reconcile(desired);

        await().atMost(Duration.ofSeconds(10)).until(() -> status(desired, "model-1").state() == State.Ready);
        ManifestStatus ready = status(desired, "model-1");
        assertThat(ready.url()).isEqualTo("http://model-1.models.example.com");
        assertThat(ready.latestReadyRevision()).isEqualTo("model-1-00001");
        assertThat(ready.replicas()).isEqualTo(1);
        assertThat(ready.availableReplicas()).isEqualTo(1);
        assertThat(ready.commitApplied()).isEqualTo("c1");
        assertThat(ready.commitSeen()).isEqualTo("c1");
        assertThat(status(desired, "r1").state()).isEqualTo(State.Ready);
    }

    @Test
    void aSpecChangeMakesTheNextRevisionAndAFailingImageFailsKeepingTheLastGoodOne() {
        DesiredState first = state("c1", List.of(deploymentManifest("model-1", "registry.example.com/m:1")));
        engine.reconcile(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(first, "model-1").state() == State.Ready);

        DesiredState second = state("c2", List.of(deploymentManifest("model-1", "registry.example.com/m:2")));
        engine.reconcile(second);
        await().atMost(Duration.ofSeconds(10)).until(() -> "model-1-00002".equals(status(second, "model-1").latestReadyRevision())
                && status(second, "model-1").state() == State.Ready);

        DesiredState broken = state("c3", List.of(deploymentManifest("model-1", "registry.example.com/fail-me:3")));
        engine.reconcile(broken);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(broken, "model-1").state() == State.Failed);
        ManifestStatus failed = status(broken, "model-1");
        assertThat(failed.message()).startsWith("ConfigurationsReady: RevisionFailed: Revision \"model-1-00003\" failed")
                .contains("registry.example.com/fail-me:3");
        assertThat(failed.latestReadyRevision()).isEqualTo("model-1-00002");
        assertThat(failed.url()).isEqualTo("http://model-1.models.example.com");
    }

    @Test
    void anInvalidManifestIsFailedWhileItsLastVersionServes() {
        DesiredState first = state("c1", List.of(deploymentManifest("model-1", "registry.example.com/m:1")));
        engine.reconcile(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(first, "model-1").state() == State.Ready);

        DesiredState invalid = state("c2", List.<RenderedManifest>of(),
                Map.of(deployment("model-1"), "deployments/model-1.yaml:3:5: error: model-1: $.spec: image is required"),
                java.util.Set.of());
        engine.reconcile(invalid);

        ManifestStatus status = status(invalid, "model-1");
        assertThat(status.state()).isEqualTo(State.Failed);
        assertThat(status.message()).startsWith("deployments/model-1.yaml:3:5: error")
                .endsWith("the last applied version keeps serving (revision model-1-00001)");
        assertThat(status.commitApplied()).isEqualTo("c1");
        assertThat(status.commitSeen()).isEqualTo("c2");
    }

    @Test
    void manyServicesAppliedTogetherEachGetOneReadyRevision() {
        DesiredState desired = state("c1", deployments(60));
        engine.reconcile(desired);

        await().atMost(Duration.ofSeconds(60)).until(() -> desired.rendered().stream()
                .allMatch(m -> status(desired, m.owner().id()).state() == State.Ready));
        List<GenericKubernetesResource> revisions = cluster.client().genericKubernetesResources(RevisionLookup.REVISIONS)
                .inNamespace(NAMESPACE).list().getItems();
        assertThat(revisions).extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(desired.rendered().stream().map(m -> m.owner().id() + "-00001").toList());
        for (GenericKubernetesResource revision : revisions) {
            JsonNode tree = Serialization.jsonMapper().valueToTree(revision);
            assertThat(tree.path("metadata").path("labels").path("serving.knative.dev/configurationGeneration").asText())
                    .isEqualTo("1");
            assertThat(tree.path("status").path("conditions").get(0).path("status").asText()).isEqualTo("True");
            assertThat(tree.path("status").path("actualReplicas").asInt()).isEqualTo(1);
        }
    }

    @Test
    void changesInQuickSuccessionEndOnTheLastOneWithNumberedRevisions() {
        engine.reconcile(state("c1", List.of(deploymentManifest("model-1", "registry.example.com/m:1"))));
        engine.reconcile(state("c2", List.of(deploymentManifest("model-1", "registry.example.com/m:2"))));
        DesiredState last = state("c3", List.of(deploymentManifest("model-1", "registry.example.com/m:3")));
        engine.reconcile(last);

        await().atMost(Duration.ofSeconds(20)).until(() -> status(last, "model-1").state() == State.Ready);
        String ready = status(last, "model-1").latestReadyRevision();
        GenericKubernetesResource revision = cluster.client().genericKubernetesResources(RevisionLookup.REVISIONS)
                .inNamespace(NAMESPACE).withName(ready).get();
        JsonNode tree = Serialization.jsonMapper().valueToTree(revision);
        assertThat(tree.path("spec").path("containers").get(0).path("image").asText()).isEqualTo("registry.example.com/m:3");
        List<String> names = cluster.client().genericKubernetesResources(RevisionLookup.REVISIONS).inNamespace(NAMESPACE)
                .list().getItems().stream().map(r -> r.getMetadata().getName()).sorted().toList();
        // a generation superseded before the simulator got to it gets no revision, as in Knative
        assertThat(names).isNotEmpty().hasSizeLessThanOrEqualTo(3).doesNotHaveDuplicates().endsWith(ready);
        for (int i = 0; i < names.size(); i++) {
            assertThat(names.get(i)).isEqualTo("model-1-%05d".formatted(i + 1));
        }
    }

    @Test
    void refusesToRunAgainstAnyOtherServer() {
        try (EmbeddedCluster other = EmbeddedCluster.start(0, NAMESPACE)) {
            KubernetesClient elsewhere = other.client();
            assertThatThrownBy(() -> new KnativeSimulator(elsewhere, cluster, NAMESPACE, Duration.ZERO).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only against the embedded API server");
        }
    }
}
