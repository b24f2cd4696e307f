package dev.modeldeploy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modeldeploy.embedded.EmbeddedCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A daemon's health pass reads Revisions from its watch, not with a request per deployment. */
class RevisionLookupTest {

    @Test
    void aWatchingLookupAnswersFromItsStoreWhileADirectOneAsksTheServer() {
        EmbeddedCluster cluster = EmbeddedCluster.start(0, "models");
        try {
            GenericKubernetesResource revision = new GenericKubernetesResource();
            revision.setApiVersion("serving.knative.dev/v1");
            revision.setKind("Revision");
            revision.setMetadata(new ObjectMetaBuilder().withName("wine-00001").withNamespace("models").build());
            revision.setAdditionalProperty("status", Map.of("actualReplicas", 1));
            cluster.client().genericKubernetesResources(RevisionLookup.REVISIONS).inNamespace("models")
                    .resource(revision).create();

            RevisionLookup watching = RevisionLookup.watching(cluster.client(), "models", Duration.ofSeconds(10));
            RevisionLookup direct = RevisionLookup.direct(cluster.client(), "models");
            assertThat(watching.get("wine-00001")).isNotNull();
            assertThat(direct.get("wine-00001")).isNotNull();

            // With the server gone, only the watch still knows the revision: proof that it asks nobody.
            cluster.close();
            assertThat(watching.get("wine-00001").getMetadata().getName()).isEqualTo("wine-00001");
            assertThatThrownBy(() -> direct.get("wine-00001")).hasMessageContaining("closed");
            watching.close();
        } finally {
            cluster.close();
        }
    }
}
