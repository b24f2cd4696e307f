package dev.modeldeploy.sync;

import static dev.modeldeploy.sync.TestManifests.deploymentManifest;
import static dev.modeldeploy.sync.TestManifests.deployments;
import static dev.modeldeploy.sync.TestManifests.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.kube.KubeApiServerExtension;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.RenderedManifest;
import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Errors injected in front of the API server's store, for some requests to one object only. */
@ParameterizedClass(name = "on the {0} API server")
@EnumSource(ServerKind.class)
class ApiErrorTest {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

    private final EngineFixture f;

    ApiErrorTest(ServerKind server) {
        f = new EngineFixture(server, KUBE);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void serverErrorsOnOneObjectAreRetriedWhileTheOthersProceed() {
        f.api.fail("POST", "/configmaps", 500, 2);

        ChangeSet changes = f.engine.reconcile(state("c1", deployments(3)));

        assertThat(changes.entries()).hasSize(9).allMatch(e -> e.action() == Action.CREATED);
        assertThat(f.api.writesMatching("POST", "/configmaps")).isEqualTo(5);
        assertThat(f.liveAll(ManagedKind.CONFIG_MAP)).hasSize(3);
    }

    @Test
    void aConflictOnPatchRereadsTheObjectAndTriesAgain() {
        f.engine.reconcile(state("c1", deployments(2)));
        f.api.fail("PATCH", "/services/model-1", 409, 1);

        List<RenderedManifest> changed = new ArrayList<>(deployments(2));
        changed.set(0, deploymentManifest("model-1", "registry.example.com/model-1:2.0"));
        ChangeSet changes = f.engine.reconcile(state("c2", changed));

        assertThat(changes.entries()).filteredOn(e -> e.name().equals("model-1") && e.kind().equals("Service"))
                .singleElement().satisfies(e -> assertThat(e.action()).isEqualTo(Action.CONFIGURED));
        assertThat(f.api.writesMatching("PATCH", "/services/model-1")).isEqualTo(2);
    }

    @Test
    void anObjectThatKeepsFailingIsReportedAndDoesNotStopTheOthers() {
        f.api.fail("POST", "/services", 503, 1000);

        ChangeSet changes = f.engine.reconcile(state("c1", deployments(2)));

        assertThat(changes.entries()).filteredOn(e -> e.action() == Action.FAILED).hasSize(2)
                .allSatisfy(e -> assertThat(e.reason()).startsWith("gave up after 4 attempts: HTTP 503"));
        assertThat(changes.count(Action.CREATED)).isEqualTo(4);
        assertThat(f.api.writesMatching("POST", "/services")).isEqualTo(8);
        assertThat(f.counter("modeldeploy.reconcile.failures")).isEqualTo(1.0);
    }

    @Test
    void aClientErrorIsNotRetried() {
        f.api.fail("POST", "/podmonitors", 422, 1);

        ChangeSet changes = f.engine.reconcile(state("c1", deployments(1)));

        assertThat(changes.entries()).filteredOn(e -> e.action() == Action.FAILED).singleElement()
                .satisfies(e -> assertThat(e.reason()).startsWith("HTTP 422"));
        assertThat(f.api.writesMatching("POST", "/podmonitors")).isEqualTo(1);
    }

    @Test
    void aDeleteThatFailsIsRetried() {
        f.engine.reconcile(state("c1", deployments(3)));
        f.api.fail("DELETE", "/services/model-3", 500, 1);

        ChangeSet changes = f.engine.reconcile(state("c2", deployments(2)));

        assertThat(changes.count(Action.DELETED)).isEqualTo(3);
        assertThat(f.live(ManagedKind.KNATIVE_SERVICE, "model-3")).isNull();
    }
}
