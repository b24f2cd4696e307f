package dev.modeldeploy.git.webhook;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a reconcile on request, coalescing bursts: requests made while a run is queued but not started are covered by
 * that run; however many arrive while a run is in progress, exactly one more run follows it. So a request is never
 * lost (some run always starts after it) and never costs more than one extra run. Runs never overlap.
 *
 * <p>Shared by webhooks and the poll timer; {@code request()} never blocks. Failures of the action are logged and do
 * not stop later runs.
 *
 * <pre>{@code
 * ReconcileTrigger trigger = new ReconcileTrigger(reconciler::reconcileOnce, executorService);
 * trigger.request();   // from a webhook handler or a timer
 * }</pre>
 */
public final class ReconcileTrigger {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileTrigger.class);

    /** Nothing queued or running. */
    private static final int IDLE = 0;
    /** A run is submitted but has not started: new requests are covered by it. */
    private static final int QUEUED = 1;
    /** A run is in progress and no request arrived since it started. */
    private static final int RUNNING = 2;
    /** A run is in progress and at least one request arrived since it started: one more run follows. */
    private static final int RUNNING_AND_PENDING = 3;

    private final Runnable action;
    private final Executor executor;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final AtomicLong runs = new AtomicLong();

    /**
     * @param action   the reconcile; called on the executor, never concurrently with itself
     * @param executor where runs happen (a single background thread is enough)
     */
    public ReconcileTrigger(Runnable action, Executor executor) {
        this.action = Objects.requireNonNull(action, "action");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Asks for a reconcile.
     *
     * @return true if this call started a run, false if it was folded into a queued or running one
     */
    public boolean request() {
        while (true) {
            int current = state.get();
            if (current == IDLE) {
                if (state.compareAndSet(IDLE, QUEUED)) {
                    submit();
                    return true;
                }
            } else if (current == RUNNING) {
                if (state.compareAndSet(RUNNING, RUNNING_AND_PENDING)) {
                    return false;
                }
            } else {
                return false;
            }
        }
    }

    /** Whether a run is queued or in progress. */
    public boolean busy() {
        return state.get() != IDLE;
    }

    /** How many runs have completed (successfully or not). */
    public long completedRuns() {
        return runs.get();
    }

    private void submit() {
        try {
            executor.execute(this::runLoop);
        } catch (RuntimeException e) {
            state.set(IDLE);
            throw e;
        }
    }

    private void runLoop() {
        while (true) {
            // Only this loop leaves QUEUED, so a plain write is safe; requests made until here are covered.
            state.set(RUNNING);
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("reconcile failed", e);
            } finally {
                runs.incrementAndGet();
            }
            if (state.compareAndSet(RUNNING, IDLE)) {
                return;
            }
            state.set(QUEUED); // RUNNING_AND_PENDING: requests came in during the run
        }
    }
}
