package dev.modeldeploy.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modeldeploy.kube.KubeApiServerExtension;
import dev.modeldeploy.kube.Kubectl;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.ManagedLabels;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the engine applies is what a user sees and edits with the real kubectl, and an edit is healed. */
class KubectlOnRealServerTest {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

    private EngineFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void kubectlListsShowsAndPatchesWhatTheEngineApplied() {
        f = new EngineFixture(ServerKind.REAL, KUBE);
        f.engine.reconcile(TestManifests.state("c1", TestManifests.deployments(2)));
        Kubectl kubectl = Kubectl.forServer(KUBE.server());

        Kubectl.Result listed = kubectl.run("get", "ksvc,podmonitors,configmaps", "-n", TestManifests.NAMESPACE,
                "-l", ManagedLabels.MANAGED_BY + "=" + ManagedLabels.MANAGED_BY_VALUE, "-o", "name");
        assertThat(listed.exitCode()).as(listed.stderr()).isZero();
        assertThat(listed.stdout().lines()).containsExactlyInAnyOrder(
                "service.serving.knative.dev/model-1", "service.serving.knative.dev/model-2",
                "podmonitor.monitoring.coreos.com/model-1", "podmonitor.monitoring.coreos.com/model-2",
                "configmap/model-1-openapi", "configmap/model-2-openapi");

        Kubectl.Result yaml = kubectl.run("get", "ksvc", "model-1", "-n", TestManifests.NAMESPACE, "-o", "yaml");
        assertThat(yaml.exitCode()).as(yaml.stderr()).isZero();
        assertThat(yaml.stdout()).contains("modeldeploy.dev/instance: default", "image: registry.example.com/model-1:1.0");

        Kubectl.Result patched = kubectl.run("patch", "ksvc", "model-1", "-n", TestManifests.NAMESPACE, "--type=merge",
                "-p", "{\"spec\":{\"template\":{\"spec\":{\"timeoutSeconds\":7}}}}");
        assertThat(patched.exitCode()).as(patched.stderr()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> f.drifted.contains(TestManifests.deployment("model-1")));
        f.engine.reconcile(TestManifests.state("c1", TestManifests.deployments(2)));
        assertThat(f.live(ManagedKind.KNATIVE_SERVICE, "model-1").getAdditionalProperties().toString())
                .contains("timeoutSeconds=300");
    }
}
