package dev.modeldeploy.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modeldeploy.embedded.EmbeddedCluster;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two replicas, each with its own client, competing for one Lease on the embedded API server. */
class LeaderElectionTest {
    private static final LeaderElection.Timing FAST =
            new LeaderElection.Timing(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(250));

    private final EmbeddedCluster cluster = EmbeddedCluster.start(0, "models");
    private final KubernetesClient clientA = cluster.newClient();
    private final KubernetesClient clientB = cluster.newClient();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final LeaderElection a = election(clientA, "replica-a");
    private final LeaderElection b = election(clientB, "replica-b");

    private LeaderElection election(KubernetesClient client, String identity) {
        return new LeaderElection(client, "models", "modeldeploy-leader", identity, FAST,
                () -> events.add(identity + " started"), () -> events.add(identity + " stopped"));
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
        clientA.close();
        clientB.close();
        cluster.close();
    }

    @Test
    void theOtherReplicaTakesOverWhenTheLeaderReleasesTheLease() {
        a.start();
        await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
        b.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> "replica-a".equals(b.currentLeader()));
        assertThat(b.isLeader()).isFalse();

        a.stop();

        await().atMost(Duration.ofSeconds(10)).until(b::isLeader);
        assertThat(a.isLeader()).isFalse();
        assertThat(events).containsSubsequence("replica-a started", "replica-a stopped", "replica-b started");
        Lease lease = cluster.client().leases().inNamespace("models").withName("modeldeploy-leader").get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-b");
    }

    @Test
    void theOtherReplicaTakesOverWhenTheLeaderStopsRenewing() {
        a.start();
        await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
        b.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> "replica-a".equals(b.currentLeader()));

        // the leader's process dies: its client goes away without releasing the lease, which then expires
        clientA.close();

        await().atMost(Duration.ofSeconds(15)).until(b::isLeader);
        Lease lease = cluster.client().leases().inNamespace("models").withName("modeldeploy-leader").get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-b");
    }
}
