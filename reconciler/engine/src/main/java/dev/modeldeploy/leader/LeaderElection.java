package dev.modeldeploy.leader;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Only one daemon replica writes: leadership is a coordination.k8s.io/v1 Lease, taken and renewed with optimistic
 * concurrency the way client-go's leader election does it. A replica that loses the lease stops writing at once
 * and keeps competing, so that it can lead again when the new leader dies.
 *
 * <p>Writes are fenced by time on this replica's own monotonic clock: leadership is valid until renewDeadline after
 * the last renewal that succeeded was sent. Another replica only takes the lease leaseDuration after it last saw it
 * change, and renewDeadline &lt; leaseDuration, so two replicas never hold a valid leadership at once, even when
 * this process was paused (a stopped container, a long GC) and wakes up believing it still leads.
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

    /** The lease record as last read, and when (this replica's monotonic clock) it was first seen in that form. */
    private record Observed(String holder, ZonedDateTime renewTime, long seenAtNanos) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String leaseName;
    private final String identity;
    private final Timing timing;
    private final Runnable onStartLeading;
    private final Runnable onStopLeading;
    private final AtomicReference<String> leader = new AtomicReference<>();
    private volatile long validUntilNanos = Long.MIN_VALUE;
    private volatile boolean leading;
    private volatile boolean running;
    private Observed observed;
    private Thread loop;

    /**
     * @param identity       this replica's name in the lease (e.g. the pod name); must differ between replicas
     * @param onStartLeading called when this replica becomes leader (start reconciling)
     * @param onStopLeading  called when it stops being leader (it has already stopped writing by then)
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

    /** Starts competing for the lease in the background, for as long as this object is open. */
    public synchronized LeaderElection start() {
        if (loop != null) {
            return this;
        }
        running = true;
        loop = new Thread(this::compete, "modeldeploy-leader-election");
        loop.setDaemon(true);
        loop.start();
        log.info("{} competing for lease {}/{}", identity, namespace, leaseName);
        return this;
    }

    /** Whether this replica may write now: it holds the lease and its last renewal is recent enough. */
    public boolean isLeader() {
        return leading && System.nanoTime() - validUntilNanos < 0;
    }

    /** The identity holding the lease as last seen, or null. */
    public String currentLeader() {
        return leader.get();
    }

    public String identity() {
        return identity;
    }

    /** Stops competing; a leader releases the lease so another replica takes over without waiting for it to expire. */
    public void stop() {
        Thread thread;
        synchronized (this) {
            running = false;
            thread = loop;
            loop = null;
        }
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(timing.renewDeadline().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (leading) {
            stepDown("stopping");
            release();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void compete() {
        while (running) {
            try {
                if (leading) {
                    renewUntilDeadline();
                } else if (tryAcquireOrRenew()) {
                    leading = true;
                    log.atInfo().addKeyValue("lease", namespace + "/" + leaseName)
                            .log("{} is now the leader", identity);
                    onStartLeading.run();
                }
                sleep(leading ? timing.retryPeriod() : jittered(timing.retryPeriod()));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("leader election for lease {}/{} failed, will retry: {}", namespace, leaseName, e.toString());
            }
        }
    }

    /** A leader retries its renewal every retryPeriod until renewDeadline has passed since the last success. */
    private void renewUntilDeadline() throws InterruptedException {
        while (running) {
            if (!isLeader()) {
                stepDown("its last renewal is older than the renew deadline");
                return;
            }
            try {
                if (tryAcquireOrRenew()) {
                    return;
                }
                if (!identity.equals(leader.get())) {
                    stepDown("the lease is held by " + leader.get());
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("cannot renew lease {}/{}: {}", namespace, leaseName, e.toString());
            }
            sleep(timing.retryPeriod());
        }
    }

    private void stepDown(String why) {
        validUntilNanos = Long.MIN_VALUE;
        if (leading) {
            leading = false;
            log.atWarn().addKeyValue("lease", namespace + "/" + leaseName)
                    .log("{} stopped leading: {}; it stops writing and competes again", identity, why);
            onStopLeading.run();
        }
    }

    /** One attempt, as client-go's tryAcquireOrRenew: true when this replica holds the lease afterwards. */
    private boolean tryAcquireOrRenew() {
        long sentAt = System.nanoTime();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        var leases = client.leases().inNamespace(namespace);
        Lease lease = leases.withName(leaseName).get();
        if (lease == null) {
            Lease created = new LeaseBuilder().withNewMetadata().withName(leaseName).withNamespace(namespace).endMetadata()
                    .withNewSpec().withHolderIdentity(identity).withLeaseDurationSeconds(seconds(timing.leaseDuration()))
                    .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0).endSpec().build();
            return write(() -> leases.resource(created).create(), sentAt);
        }
        String holder = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
        observe(holder, lease.getSpec() == null ? null : lease.getSpec().getRenewTime());
        boolean ours = identity.equals(holder);
        if (!ours && holder != null && !holder.isEmpty() && !expired()) {
            return false;
        }
        var spec = lease.getSpec();
        spec.setHolderIdentity(identity);
        spec.setLeaseDurationSeconds(seconds(timing.leaseDuration()));
        spec.setRenewTime(now);
        if (!ours) {
            spec.setAcquireTime(now);
            spec.setLeaseTransitions(Objects.requireNonNullElse(spec.getLeaseTransitions(), 0) + 1);
        }
        // the update carries the resourceVersion just read: a competing writer in between makes it fail with 409
        return write(() -> leases.resource(lease).update(), sentAt);
    }

    private boolean write(Runnable request, long sentAt) {
        try {
            request.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
        validUntilNanos = sentAt + timing.renewDeadline().toNanos();
        leader.set(identity);
        observed = new Observed(identity, null, sentAt);
        return true;
    }

    private void observe(String holder, ZonedDateTime renewTime) {
        if (observed == null || !Objects.equals(observed.holder(), holder) || !Objects.equals(observed.renewTime(), renewTime)) {
            observed = new Observed(holder, renewTime, System.nanoTime());
            if (!Objects.equals(leader.getAndSet(holder), holder)) {
                log.atInfo().addKeyValue("lease", namespace + "/" + leaseName).log("lease is held by {}", holder);
            }
        }
    }

    /** Expiry is judged on this replica's clock, from when it saw the record change: clock skew doesn't matter. */
    private boolean expired() {
        return System.nanoTime() - observed.seenAtNanos() > timing.leaseDuration().toNanos();
    }

    /** Lets another replica take over at once, as client-go's ReleaseOnCancel does. */
    private void release() {
        try {
            Lease lease = client.leases().inNamespace(namespace).withName(leaseName).get();
            if (lease != null && lease.getSpec() != null && identity.equals(lease.getSpec().getHolderIdentity())) {
                lease.getSpec().setHolderIdentity("");
                lease.getSpec().setLeaseDurationSeconds(1);
                lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
                client.leases().inNamespace(namespace).resource(lease).update();
                log.info("{} released lease {}/{}", identity, namespace, leaseName);
            }
        } catch (RuntimeException e) {
            log.warn("cannot release lease {}/{}; it expires after {}: {}", namespace, leaseName, timing.leaseDuration(),
                    e.toString());
        }
    }

    private static int seconds(Duration duration) {
        return (int) Math.max(1, Math.ceil(duration.toMillis() / 1000.0));
    }

    private static Duration jittered(Duration period) {
        return period.plusMillis((long) (period.toMillis() * ThreadLocalRandom.current().nextDouble(0.2)));
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
