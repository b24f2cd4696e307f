package dev.modeldeploy.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Only one daemon replica reconciles: leadership is a coordination.k8s.io/v1 Lease taken and renewed through
 * fabric8's LeaderElector. The leader renews every retryPeriod and gives up leading if it cannot renew within
 * renewDeadline; another replica takes over once the lease is older than leaseDuration, or at once when the
 * leader releases it on {@link #stop()}.
 */
public final class LeaderElection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

    /** Timing of the lease; Kubernetes' own controllers use 15 s / 10 s / 2 s. */
    public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

        public Timing {
            if (renewDeadline.compareTo(leaseDuration) >= 0 || retryPeriod.compareTo(renewDeadline) >= 0) {
                throw new IllegalArgumentException("need retryPeriod < renewDeadline < leaseDuration");
            }
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String leaseName;
    private final String identity;
    private final Timing timing;
    private final Runnable onStartLeading;
    private final Runnable onStopLeading;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final AtomicReference<String> leader = new AtomicReference<>();
    private CompletableFuture<?> running;

    /**
     * @param identity       this replica's name in the lease (e.g. the pod name); must differ between replicas
     * @param onStartLeading called when this replica becomes leader (start reconciling)
     * @param onStopLeading  called when it stops being leader (stop writing to the cluster at once)
     */
    public LeaderElection(KubernetesClient client, String namespace, String leaseName, String identity, Timing timing,
                          Runnable onStartLeading, Runnable onStopLeading) {
        this.client = client;
        this.namespace = namespace;
        this.leaseName = leaseName;
        this.identity = identity;
        this.timing = timing;
        this.onStartLeading = onStartLeading;
        this.onStopLeading = onStopLeading;
    }

    /** Starts competing for the lease in the background. */
    public synchronized void start() {
        if (running != null) {
            return;
        }
        LeaderElector elector = client.leaderElector()
                .withConfig(new LeaderElectionConfigBuilder()
                        .withName(leaseName)
                        .withLock(new LeaseLock(namespace, leaseName, identity))
                        .withLeaseDuration(timing.leaseDuration())
                        .withRenewDeadline(timing.renewDeadline())
                        .withRetryPeriod(timing.retryPeriod())
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, this::newLeader))
                        .build())
                .build();
        running = elector.start();
        log.info("{} competing for lease {}/{}", identity, namespace, leaseName);
    }

    /** Stops competing; a leader releases the lease so another replica takes over without waiting for it to expire. */
    @Override
    public synchronized void close() {
        stop();
    }

    public synchronized void stop() {
        if (running != null) {
            running.cancel(true);
            running = null;
        }
    }

    public boolean isLeader() {
        return leading.get();
    }

    /** The identity holding the lease as last seen, or null. */
    public String currentLeader() {
        return leader.get();
    }

    public String identity() {
        return identity;
    }

    private void started() {
        leading.set(true);
        log.info("{} is now the leader (lease {}/{})", identity, namespace, leaseName);
        onStartLeading.run();
    }

    private void stopped() {
        if (leading.getAndSet(false)) {
            log.info("{} stopped leading (lease {}/{})", identity, namespace, leaseName);
        }
        onStopLeading.run();
    }

    private void newLeader(String newLeader) {
        leader.set(newLeader);
        log.info("lease {}/{} is held by {}", namespace, leaseName, newLeader);
    }
}
