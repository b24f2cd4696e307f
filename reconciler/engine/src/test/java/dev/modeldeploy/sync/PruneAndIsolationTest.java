package dev.modeldeploy.sync;

import static dev.modeldeploy.sync.TestManifests.deployment;
import static dev.modeldeploy.sync.TestManifests.deploymentManifest;
import static dev.modeldeploy.sync.TestManifests.deployments;
import static dev.modeldeploy.sync.TestManifests.routeManifest;
import static dev.modeldeploy.sync.TestManifests.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.kube.KubeApiServerExtension;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.Owner;
import dev.modeldeploy.render.RenderedManifest;
import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSet;
import dev.modeldeploy.sync.common.ChangeSetEntry;
import dev.modeldeploy.sync.common.DesiredState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "on the {0} API server")
@EnumSource(ServerKind.class)
class PruneAndIsolationTest {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

    private final EngineFixture f;

    PruneAndIsolationTest(ServerKind server) {
        f = new EngineFixture(server, KUBE);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void prunesTheObjectsOfARemovedOwnerInReverseApplyOrder() {
        List<RenderedManifest> four = new ArrayList<>(deployments(3));
        four.add(routeManifest("r1", "model-3"));
        f.engine.reconcile(state("c1", four));
        f.api.clear();

        List<RenderedManifest> without3 = new ArrayList<>(deployments(2));
        ChangeSet changes = f.engine.reconcile(state("c2", without3));

        assertThat(changes.entries()).filteredOn(e -> e.action() == Action.DELETED)
                .extracting(e -> e.kind() + "/" + e.name())
                .containsExactly("VirtualService/route-r1", "PodMonitor/model-3", "Service/model-3",
                        "ConfigMap/model-3-openapi");
        assertThat(f.live(ManagedKind.KNATIVE_SERVICE, "model-3")).isNull();
        assertThat(f.live(ManagedKind.VIRTUAL_SERVICE, "route-r1")).isNull();
        assertThat(f.live(ManagedKind.KNATIVE_SERVICE, "model-1")).isNotNull();
        assertThat(f.api.writes()).allMatch(w -> w.startsWith("DELETE"));
    }

    @Test
    void prunesAnObjectTheRendererNoLongerEmitsForAPresentOwner() {
        f.engine.reconcile(state("c1", deployments(2)));
        RenderedManifest full = deploymentManifest("model-1", "registry.example.com/model-1:1.0");
        RenderedManifest withoutMonitor = new RenderedManifest(full.owner(), full.sourceFile(), full.objects().subList(0, 2));

        ChangeSet changes = f.engine.reconcile(state("c2", List.of(withoutMonitor, deployments(2).get(1))));

        assertThat(changes.entries()).filteredOn(e -> e.action() == Action.DELETED)
                .extracting(ChangeSetEntry::subject).containsExactly("PodMonitor/model-1");
        assertThat(f.live(ManagedKind.POD_MONITOR, "model-1")).isNull();
    }

    @Test
    void theBrakeRefusesToDeleteMostOwnersAtOnce() {
        f.engine.reconcile(state("c1", deployments(4)));

        ChangeSet changes = f.engine.reconcile(state("c2", deployments(1)));

        assertThat(changes.count(Action.DELETED)).isZero();
        assertThat(changes.entries()).filteredOn(e -> e.action() == Action.SKIPPED).hasSize(9)
                .allSatisfy(e -> assertThat(e.reason()).contains("prune brake").contains("3 of the 4 managed owners"));
        assertThat(f.liveAll(ManagedKind.KNATIVE_SERVICE)).hasSize(4);
        assertThat(f.counter("modeldeploy.prune.brake", "reason", "share")).isEqualTo(1.0);
        assertThat(f.counter("modeldeploy.objects", "action", "skipped")).isEqualTo(9.0);
    }

    @Test
    void theBrakeLetsAShareUpToTheLimitGo() {
        f.engine.reconcile(state("c1", deployments(4)));

        ChangeSet changes = f.engine.reconcile(state("c2", deployments(2)));

        assertThat(changes.count(Action.DELETED)).isEqualTo(6);
        assertThat(changes.count(Action.SKIPPED)).isZero();
    }

    @Test
    void anEmptyGitDeletesNothingUnlessAllowed() {
        f.engine.reconcile(state("c1", deployments(2)));
        DesiredState empty = state("c2", List.of());

        ChangeSet refused = f.engine.reconcile(empty);

        assertThat(refused.entries()).hasSize(6).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo(Action.SKIPPED);
            assertThat(e.reason()).contains("Git holds no manifests");
        });
        assertThat(f.liveAll(ManagedKind.KNATIVE_SERVICE)).hasSize(2);
        assertThat(f.counter("modeldeploy.prune.brake", "reason", "empty_git")).isEqualTo(1.0);

        f.stopEngine();
        f.startEngine(EngineFixture.FAST.withAllowEmpty(true));
        ChangeSet allowed = f.engine.reconcile(empty);

        assertThat(allowed.entries()).hasSize(6).allMatch(e -> e.action() == Action.DELETED);
        assertThat(f.liveAll(ManagedKind.KNATIVE_SERVICE)).isEmpty();
    }

    @Test
    void aRestartedEnginePrunesEveryListedObjectWhileTheWatchEventsAreStillOnTheirWay() {
        f.engine.reconcile(state("c1", deployments(2)));
        f.stopEngine();
        // informer events reach handlers on another thread after start() returns; holding that thread makes
        // them late for the whole test, as a loaded machine does now and then
        CountDownLatch release = new CountDownLatch(1);
        try {
            f.startEngine(EngineFixture.FAST.withAllowEmpty(true), (key, now) -> awaitQuietly(release));

            ChangeSet allowed = f.engine.reconcile(state("c2", List.of()));

            assertThat(allowed.entries()).extracting(ChangeSetEntry::subject).containsExactlyInAnyOrder(
                    "PodMonitor/model-1", "PodMonitor/model-2", "Service/model-1", "Service/model-2",
                    "ConfigMap/model-1-openapi", "ConfigMap/model-2-openapi");
            assertThat(allowed.entries()).allMatch(e -> e.action() == Action.DELETED);
            assertThat(f.liveAll(ManagedKind.CONFIG_MAP)).isEmpty();
        } finally {
            release.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void withPruneOffNothingIsDeleted() {
        f.stopEngine();
        f.startEngine(EngineFixture.FAST.withPrune(false));
        f.engine.reconcile(state("c1", deployments(3)));

        ChangeSet changes = f.engine.reconcile(state("c2", deployments(2)));

        assertThat(changes.entries()).filteredOn(e -> e.action() == Action.SKIPPED).hasSize(3)
                .allSatisfy(e -> assertThat(e.reason()).isEqualTo("not in Git; prune is off"));
        assertThat(f.liveAll(ManagedKind.KNATIVE_SERVICE)).hasSize(3);
    }

    @Test
    void anInvalidOwnerKeepsItsLiveObjectsWhileTheOthersReconcile() {
        f.engine.reconcile(state("c1", deployments(3)));
        String before = f.live(ManagedKind.KNATIVE_SERVICE, "model-2").getMetadata().getResourceVersion();
        f.api.clear();

        List<RenderedManifest> next = List.of(
                deploymentManifest("model-1", "registry.example.com/model-1:2.0"),
                deploymentManifest("model-3", "registry.example.com/model-3:2.0"));
        Map<Owner, String> failed = Map.of(deployment("model-2"),
                "deployments/model-2.yaml:7:12: error: model-2: $.spec.image: must be a string");
        ChangeSet changes = f.engine.reconcile(state("c2", next, failed, Set.of()));

        assertThat(changes.forOwner(deployment("model-2"))).hasSize(3).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo(Action.FAILED);
            assertThat(e.reason()).startsWith("deployments/model-2.yaml:7:12: error").endsWith("the live object is left as it was");
        });
        assertThat(changes.entries()).filteredOn(e -> e.action() == Action.CONFIGURED)
                .extracting(ChangeSetEntry::name).containsExactlyInAnyOrder("model-1", "model-3");
        assertThat(f.live(ManagedKind.KNATIVE_SERVICE, "model-2").getMetadata().getResourceVersion()).isEqualTo(before);
        assertThat(f.api.writes()).noneMatch(w -> w.contains("model-2"));
        assertThat(f.engine.appliedCommits()).containsEntry(deployment("model-1"), "c2")
                .containsEntry(deployment("model-2"), "c1");
    }

    @Test
    void anInvalidOwnerWithNothingLiveIsReportedOnce() {
        ChangeSet changes = f.engine.reconcile(state("c1", deployments(1),
                Map.of(deployment("broken"), "deployments/broken.yaml:1:1: error: broken: $: kind is missing"), Set.of()));

        assertThat(changes.forOwner(deployment("broken"))).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(Action.FAILED);
            assertThat(e.kind()).isEqualTo("ModelDeployment");
            assertThat(e.name()).isEqualTo("broken");
        });
    }

    @Test
    void objectsFromAFileThatFailedToLoadAreNotPruned() {
        f.engine.reconcile(state("c1", deployments(3)));

        // model-3's file no longer parses, so its id is unknown: Git seems not to declare it
        ChangeSet changes = f.engine.reconcile(state("c2", deployments(2), new HashMap<>(),
                Set.of("deployments/model-3.yaml")));

        assertThat(changes.count(Action.DELETED)).isZero();
        assertThat(changes.forOwner(deployment("model-3"))).hasSize(3).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo(Action.SKIPPED);
            assertThat(e.reason()).contains("deployments/model-3.yaml failed to load");
        });
        GenericKubernetesResource kept = f.live(ManagedKind.KNATIVE_SERVICE, "model-3");
        assertThat(kept).isNotNull();
    }
}
