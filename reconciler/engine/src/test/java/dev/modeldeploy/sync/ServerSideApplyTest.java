package dev.modeldeploy.sync;

import static dev.modeldeploy.sync.TestManifests.deployments;
import static dev.modeldeploy.sync.TestManifests.state;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.diff.LastApplied;
import dev.modeldeploy.embedded.ApiRecorder;
import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server-side apply path against the mock server, which cannot apply (it answers 404 or 415): the test
 * records and answers the apply requests itself and checks exactly what the client sends. Whether a real API
 * server then does the right thing is ServerSideApplyRealServerTest's job.
 */
class ServerSideApplyTest {
    private final EngineFixture f = new EngineFixture(ServerKind.EMBEDDED, null,
            EngineFixture.FAST.withServerSideApply(true));

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void appliesEachObjectWithOurFieldManagerAndForcedConflicts() throws Exception {
        f.server.recorder().answerServerSideApply();

        ChangeSet changes = f.engine.reconcile(state("c1", deployments(1)));

        assertThat(changes.entries()).hasSize(3).allMatch(e -> e.action() == Action.CREATED);
        assertThat(f.server.recorder().applies()).extracting(ApiRecorder.Captured::path).containsExactly(
                "/api/v1/namespaces/models/configmaps/model-1-openapi?fieldManager=modeldeploy&force=true",
                "/apis/serving.knative.dev/v1/namespaces/models/services/model-1?fieldManager=modeldeploy&force=true",
                "/apis/monitoring.coreos.com/v1/namespaces/models/podmonitors/model-1?fieldManager=modeldeploy&force=true");
        ApiRecorder.Captured service = f.server.recorder().applies().get(1);
        assertThat(service.contentType()).startsWith("application/apply-patch+yaml");
        JsonNode body = Serialization.jsonMapper().readTree(service.body());
        assertThat(body.path("apiVersion").asText()).isEqualTo("serving.knative.dev/v1");
        assertThat(body.path("kind").asText()).isEqualTo("Service");
        assertThat(body.path("metadata").path("labels").path("app.kubernetes.io/managed-by").asText()).isEqualTo("modeldeploy");
        assertThat(body.path("metadata").path("annotations").has(LastApplied.ANNOTATION)).isTrue();
        assertThat(body.path("metadata").has("resourceVersion")).isFalse();
        assertThat(body.has("status")).isFalse();
        assertThat(body.path("spec").path("template").path("spec").path("containers").path(0).path("image").asText())
                .isEqualTo("registry.example.com/model-1:1.0");
        assertThat(f.api.writes()).allMatch(w -> w.startsWith("PATCH "));

        f.api.clear();
        ChangeSet again = f.engine.reconcile(state("c1", deployments(1)));
        assertThat(again.entries()).allMatch(e -> e.action() == Action.UNCHANGED);
        assertThat(f.api.writes()).isEmpty();
    }

    @Test
    void theMockServerItselfCannotApply() {
        ChangeSet changes = f.engine.reconcile(state("c1", deployments(1)));

        assertThat(changes.entries()).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo(Action.FAILED);
            assertThat(e.reason()).contains("HTTP 404");
        });
    }
}
