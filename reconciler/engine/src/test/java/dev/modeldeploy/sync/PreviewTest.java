package dev.modeldeploy.sync;

import static dev.modeldeploy.sync.TestManifests.deploymentManifest;
import static dev.modeldeploy.sync.TestManifests.deployments;
import static dev.modeldeploy.sync.TestManifests.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSet;
import dev.modeldeploy.kube.KubeApiServerExtension;
import dev.modeldeploy.render.RenderedManifest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A standby replica's view: what a cycle would do, read from the cluster, with nothing written. */
@ParameterizedClass(name = "on the {0} API server")
@EnumSource(ServerKind.class)
class PreviewTest {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

    private final EngineFixture f;

    PreviewTest(ServerKind server) {
        f = new EngineFixture(server, KUBE);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void previewSaysWhatTheLeaderHasYetToDoAndWritesNothing() {
        f.api.clear();
        assertThat(f.engine.preview(state("c1", deployments(2))).entries()).hasSize(6)
                .allSatisfy(e -> {
                    assertThat(e.action()).isEqualTo(Action.CREATED);
                    assertThat(e.reason()).isEqualTo("not applied yet");
                });

        f.engine.reconcile(state("c1", deployments(2)));
        org.awaitility.Awaitility.await().until(() -> f.cache.all().size() >= 6);
        f.api.clear();
        assertThat(f.engine.preview(state("c1", deployments(2))).entries()).hasSize(6)
                .allMatch(e -> e.action() == Action.UNCHANGED);

        List<RenderedManifest> changed = new ArrayList<>(deployments(1));
        changed.set(0, deploymentManifest("model-1", "registry.example.com/model-1:2.0"));
        ChangeSet pending = f.engine.preview(state("c2", changed));
        assertThat(pending.entries()).filteredOn(e -> e.action() == Action.CONFIGURED).singleElement()
                .satisfies(e -> assertThat(e.reason()).startsWith("not applied yet: "));
        assertThat(pending.entries()).filteredOn(e -> e.action() == Action.DELETED).hasSize(3)
                .allSatisfy(e -> assertThat(e.reason()).startsWith("not pruned yet"));
        assertThat(f.api.writes()).isEmpty();
    }
}
