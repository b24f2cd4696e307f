package dev.modeldeploy.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modeldeploy.embedded.EmbeddedCluster;
import dev.modeldeploy.kube.KubeApiServer;
import dev.modeldeploy.kube.KubeApiServerExtension;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Two replicas, each with its own client, competing for one Lease on the embedded and on the real API server. */
@ParameterizedClass(name = "on the {0} API server")
@ValueSource(strings = {"embedded", "real"})
class LeaderElectionTest {
    private static final LeaderElection.Timing FAST =
            new LeaderElection.Timing(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(250));
    private static final AtomicInteger LEASES = new AtomicInteger();

    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

    private final EmbeddedCluster cluster;
    private final KubernetesClient clientA;
    private final KubernetesClient clientB;
    private final KubernetesClient observer;
    private final String lease = "modeldeploy-leader-" + LEASES.incrementAndGet();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final LeaderElection a;
    private final LeaderElection b;

    LeaderElectionTest(String server) {
        if (server.equals("embedded")) {
            cluster = EmbeddedCluster.start(0, "models");
            clientA = cluster.newClient();
            clientB = cluster.newClient();
            observer = cluster.client();
        } else {
            KubeApiServer real = KUBE.server();
            real.ensureNamespace("models");
            cluster = null;
            clientA = real.adminClient();
            clientB = real.adminClient();
            observer = real.adminClient();
        }
        a = election(clientA, "replica-a");
        b = election(clientB, "replica-b");
    }

    private LeaderElection election(KubernetesClient client, String identity) {
        return new LeaderElection(client, "models", lease, identity, FAST,
                () -> events.add(identity + " started"), () -> events.add(identity + " stopped"));
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
        clientA.close();
        clientB.close();
        if (cluster != null) {
            cluster.close();
        } else {
            observer.close();
        }
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
        Lease held = observer.leases().inNamespace("models").withName(lease).get();
        assertThat(held.getSpec().getHolderIdentity()).isEqualTo("replica-b");
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
        Lease held = observer.leases().inNamespace("models").withName(lease).get();
        assertThat(held.getSpec().getHolderIdentity()).isEqualTo("replica-b");
    }
}
