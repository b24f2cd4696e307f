package dev.modeldeploy.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the reconcile loop when a rollout's next check is due, so a step lasts its interval rather than until the
 * next Git poll. One wake-up is pending at a time, the earliest asked for.
 */
public final class WakeUps {
    private final ScheduledExecutorService timer;
    private final Runnable reconcile;
    private final Clock clock;
    private ScheduledFuture<?> pending;
    private Instant pendingAt;

    public WakeUps(ScheduledExecutorService timer, Runnable reconcile, Clock clock) {
        this.timer = timer;
        this.reconcile = reconcile;
        this.clock = clock;
    }

    /** Asks for a reconcile at the given time (at once when it has passed). */
    public synchronized void at(Instant when) {
        if (pending != null && !pending.isDone() && !pendingAt.isAfter(when)) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        long delay = Math.max(0, Duration.between(clock.instant(), when).toMillis());
        pendingAt = when;
        pending = timer.schedule(reconcile, delay, TimeUnit.MILLISECONDS);
    }
}
