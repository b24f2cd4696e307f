package dev.modeldeploy.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test control plane is what the other real-server tests take it for. */
class KubeApiServerTest {
    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

    @Test
    void servesTheVendoredCrdsEstablished() {
        try (KubernetesClient client = KUBE.server().adminClient()) {
            assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems())
                    .extracting(crd -> crd.getMetadata().getName())
                    .contains("services.serving.knative.dev", "virtualservices.networking.istio.io",
                            "authorizationpolicies.security.istio.io", "requestauthentications.security.istio.io",
                            "podmonitors.monitoring.coreos.com", "servicemonitors.monitoring.coreos.com",
                            "inferenceservices.serving.kserve.io");
            assertThat(client.getApiGroups().getGroups()).extracting(g -> g.getName())
                    .contains("serving.knative.dev", "networking.istio.io", "monitoring.coreos.com");
        }
    }

    @Test
    void authorizesWithRbacAndAdmitsWithTheDefaultPlugins() {
        KubeApiServer server = KUBE.server();
        server.ensureNamespace("rbac-check");
        try (KubernetesClient admin = server.adminClient()) {
            admin.serviceAccounts().inNamespace("rbac-check")
                    .resource(new ServiceAccountBuilder().withNewMetadata().withName("nobody").endMetadata().build()).create();
            // NamespaceLifecycle refuses objects in a namespace that does not exist
            assertThatThrownBy(() -> admin.configMaps().inNamespace("no-such-namespace")
                    .resource(new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata().build()).create())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(404));
        }
        String token = server.serviceAccountToken("rbac-check", "nobody");
        try (KubernetesClient nobody = server.clientWithToken(token, "rbac-check")) {
            assertThatThrownBy(() -> nobody.configMaps().inNamespace("rbac-check").list())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
        }
    }

    @Test
    void theAuditLogCountsEveryWriteTheServerReceived() {
        KubeApiServer server = KUBE.server();
        server.ensureNamespace("audit-check");
        server.auditLog().clear();
        try (KubernetesClient admin = server.adminClient()) {
            admin.configMaps().inNamespace("audit-check")
                    .resource(new ConfigMapBuilder().withNewMetadata().withName("one").endMetadata().build()).create();
            admin.configMaps().inNamespace("audit-check").withName("one").delete();
            admin.configMaps().inNamespace("audit-check").list();
        }
        assertThat(server.auditLog().writesBy(KubeApiServer.ADMIN_USER)).extracting(Object::toString)
                .containsExactly("POST /api/v1/namespaces/audit-check/configmaps",
                        "DELETE /api/v1/namespaces/audit-check/configmaps/one");
    }
}
