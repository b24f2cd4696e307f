package dev.modeldeploy.sync;

import static dev.modeldeploy.sync.TestManifests.deployments;
import static dev.modeldeploy.sync.TestManifests.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modeldeploy.kube.KubeApiServerExtension;
import dev.modeldeploy.metrics.ReconcileMetrics;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A replica that loses leadership mid-cycle stops writing at once: the cycle is abandoned, nothing more is sent. */
@ParameterizedClass(name = "on the {0} API server")
@EnumSource(ServerKind.class)
class WriteFenceTest {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

    private final EngineFixture f;

    WriteFenceTest(ServerKind server) {
        f = new EngineFixture(server, KUBE);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aFenceThatClosesMidCycleAbandonsTheRestOfIt() {
        AtomicInteger permitted = new AtomicInteger(4);
        ReconcileEngine fenced = new ReconcileEngine(f.server.engineClient(), f.cache,
                EngineFixture.FAST.withParallelism(1), ReconcileMetrics.inMemory(),
                () -> permitted.getAndDecrement() > 0);
        try (fenced) {
            f.api.clear();
            assertThatThrownBy(() -> fenced.reconcile(state("c1", deployments(3))))
                    .isInstanceOf(WriteFence.WritesFencedException.class);
        }
        assertThat(f.api.writes()).hasSize(4);
    }

    @Test
    void aClosedFenceWritesNothingAtAll() {
        ReconcileEngine standby = new ReconcileEngine(f.server.engineClient(), f.cache, EngineFixture.FAST,
                ReconcileMetrics.inMemory(), () -> false);
        try (standby) {
            f.api.clear();
            assertThatThrownBy(() -> standby.reconcile(state("c1", deployments(2))))
                    .isInstanceOf(WriteFence.WritesFencedException.class);
        }
        assertThat(f.api.writes()).isEmpty();
    }
}
