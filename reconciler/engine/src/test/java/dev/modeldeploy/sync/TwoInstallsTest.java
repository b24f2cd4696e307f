package dev.modeldeploy.sync;

import static dev.modeldeploy.sync.TestManifests.deploymentManifest;
import static dev.modeldeploy.sync.TestManifests.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSet;
import dev.modeldeploy.sync.common.DesiredState;
import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.kube.KubeApiServerExtension;
import dev.modeldeploy.metrics.ReconcileMetrics;
import dev.modeldeploy.ownership.InstanceId;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.ManagedLabels;
import dev.modeldeploy.render.RenderedManifest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Two modeldeploy installs (two teams, two repositories) reconciling into one namespace. */
@ParameterizedClass(name = "on the {0} API server")
@EnumSource(ServerKind.class)
class TwoInstallsTest {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

    private static final InstanceId TEAM_A = new InstanceId("team-a");
    private static final InstanceId TEAM_B = new InstanceId("team-b");

    private final EngineFixture f;
    private final LiveObjectCache cacheB;
    private final ReconcileEngine teamB;

    TwoInstallsTest(ServerKind server) {
        f = new EngineFixture(server, KUBE, EngineFixture.FAST.withInstance(TEAM_A));
        cacheB = new LiveObjectCache(f.client(), TestManifests.NAMESPACE).start(Duration.ofSeconds(10));
        teamB = new ReconcileEngine(f.server.engineClient(), cacheB, EngineFixture.FAST.withInstance(TEAM_B),
                ReconcileMetrics.inMemory());
    }

    @AfterEach
    void close() {
        teamB.close();
        cacheB.close();
        f.close();
    }

    @Test
    void neitherInstallEverTouchesTheOthersObjects() {
        DesiredState gitA = state("a1", models("model-1", "model-2"));
        DesiredState gitB = state("b1", models("model-3", "model-4"));
        f.engine.reconcile(gitA);
        teamB.reconcile(gitB);
        awaitCaches(12);
        assertThat(f.live(ManagedKind.KNATIVE_SERVICE, "model-1").getMetadata().getLabels())
                .containsEntry(ManagedLabels.INSTANCE, "team-a");
        assertThat(f.live(ManagedKind.KNATIVE_SERVICE, "model-3").getMetadata().getLabels())
                .containsEntry(ManagedLabels.INSTANCE, "team-b");
        f.api.clear();

        for (int round = 0; round < 5; round++) {
            assertThat(f.engine.reconcile(gitA).entries()).allMatch(e -> e.action() == Action.UNCHANGED);
            assertThat(teamB.reconcile(gitB).entries()).allMatch(e -> e.action() == Action.UNCHANGED);
        }

        assertThat(f.api.writes()).isEmpty();
        assertThat(f.liveAll(ManagedKind.KNATIVE_SERVICE)).hasSize(4);
    }

    @Test
    void aNameTheOtherInstallOwnsFailsOnlyTheManifestThatWantsIt() {
        f.engine.reconcile(state("a1", models("model-1")));
        awaitCaches(3);
        String version = f.live(ManagedKind.KNATIVE_SERVICE, "model-1").getMetadata().getResourceVersion();
        f.api.clear();

        ChangeSet changes = teamB.reconcile(state("b1", models("model-1", "model-3")));

        assertThat(changes.forOwner(TestManifests.deployment("model-1"))).isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.action()).isEqualTo(Action.FAILED);
                    assertThat(e.reason()).contains("belongs to modeldeploy instance 'team-a'");
                });
        assertThat(changes.forOwner(TestManifests.deployment("model-3"))).allMatch(e -> e.action() == Action.CREATED);
        assertThat(teamB.claimedElsewhere()).containsOnlyKeys(TestManifests.deployment("model-1"));
        assertThat(f.api.writes()).noneMatch(w -> w.contains("model-1"));
        assertThat(f.live(ManagedKind.KNATIVE_SERVICE, "model-1").getMetadata().getResourceVersion()).isEqualTo(version);

        // team B gives the name up: it prunes nothing of team A's
        awaitCaches(6);
        f.api.clear();
        teamB.reconcile(state("b2", models("model-3")));
        assertThat(f.api.writes()).isEmpty();
        assertThat(f.engine.reconcile(state("a1", models("model-1"))).entries()).allMatch(e -> e.action() == Action.UNCHANGED);
        assertThat(f.api.writes()).isEmpty();
    }

    @Test
    void objectsOfAnEarlierVersionAreAdoptedOnceByTheInstallThatDeclaresThem() {
        // what modeldeploy applied before installs had identities: no instance label
        f.engine.reconcile(state("old", models("model-1", "model-9")));
        for (String name : List.of("model-1", "model-9")) {
            for (ManagedKind kind : List.of(ManagedKind.CONFIG_MAP, ManagedKind.KNATIVE_SERVICE, ManagedKind.POD_MONITOR)) {
                f.patchByHand(kind, kind == ManagedKind.CONFIG_MAP ? name + "-openapi" : name,
                        "{\"metadata\":{\"labels\":{\"" + ManagedLabels.INSTANCE + "\":null}}}");
            }
        }
        f.stopEngine();
        f.startEngine(EngineFixture.FAST.withInstance(TEAM_A));
        awaitCaches(6);
        f.api.clear();

        ChangeSet upgraded = f.engine.reconcile(state("new", models("model-1")));

        assertThat(upgraded.forOwner(TestManifests.deployment("model-1"))).hasSize(3).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo(Action.CONFIGURED);
            assertThat(e.reason()).startsWith("adopted by instance 'team-a'");
        });
        assertThat(f.counter("modeldeploy.objects.adopted")).isEqualTo(3.0);
        // nobody's Git declares model-9 any more: an unclaimed object is left alone rather than pruned
        assertThat(upgraded.entries()).noneMatch(e -> e.name().startsWith("model-9"));
        assertThat(f.live(ManagedKind.KNATIVE_SERVICE, "model-9")).isNotNull();
        assertThat(f.live(ManagedKind.KNATIVE_SERVICE, "model-1").getMetadata().getLabels())
                .containsEntry(ManagedLabels.INSTANCE, "team-a");

        awaitCache(f.cache, 6);
        f.api.clear();
        assertThat(f.engine.reconcile(state("new", models("model-1"))).entries()).allMatch(e -> e.action() == Action.UNCHANGED);
        assertThat(f.api.writes()).isEmpty();
    }

    private static List<RenderedManifest> models(String... ids) {
        return Stream.of(ids).map(id -> deploymentManifest(id, "registry.example.com/" + id + ":1.0")).toList();
    }

    /** Both installs' caches have seen the writes so far (informers are asynchronous). */
    private void awaitCaches(int objects) {
        awaitCache(f.cache, objects);
        awaitCache(cacheB, objects);
    }

    private static void awaitCache(LiveObjectCache cache, int objects) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> cache.all().size() >= objects);
    }
}
