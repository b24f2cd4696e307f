package dev.modeldeploy.git.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcileTriggerTest {

    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        runner.shutdownNow();
        callers.shutdownNow();
    }

    @Test
    void aBurstDuringARunCausesExactlyOneMoreRun() throws Exception {
        CountDownLatch firstRunStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstRun = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        ReconcileTrigger trigger = new ReconcileTrigger(() -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            if (runs.incrementAndGet() == 1) {
                firstRunStarted.countDown();
                awaitLatch(releaseFirstRun);
            }
            concurrent.decrementAndGet();
        }, runner);

        assertThat(trigger.request()).isTrue();
        assertThat(firstRunStarted.await(10, TimeUnit.SECONDS)).isTrue();

        int callersCount = 8;
        int requestsEach = 250;
        CyclicBarrier together = new CyclicBarrier(callersCount);
        CountDownLatch done = new CountDownLatch(callersCount);
        AtomicInteger started = new AtomicInteger();
        for (int c = 0; c < callersCount; c++) {
            callers.execute(() -> {
                try {
                    together.await();
                    for (int i = 0; i < requestsEach; i++) {
                        if (trigger.request()) {
                            started.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(started.get()).as("all 2000 requests folded into the running one").isZero();
        releaseFirstRun.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> !trigger.busy());
        assertThat(runs.get()).isEqualTo(2);
        assertThat(trigger.completedRuns()).isEqualTo(2);
        assertThat(maxConcurrent.get()).isEqualTo(1);
    }

    @Test
    void requestsWhileQueuedAreCoveredByTheQueuedRun() throws Exception {
        CountDownLatch blockRunner = new CountDownLatch(1);
        runner.execute(() -> awaitLatch(blockRunner)); // keeps the trigger's run queued behind this task
        AtomicInteger runs = new AtomicInteger();
        ReconcileTrigger trigger = new ReconcileTrigger(runs::incrementAndGet, runner);
        assertThat(trigger.request()).isTrue();
        for (int i = 0; i < 100; i++) {
            assertThat(trigger.request()).isFalse();
        }
        blockRunner.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> !trigger.busy());
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void aFailingRunDoesNotStopLaterRuns() {
        AtomicInteger runs = new AtomicInteger();
        ReconcileTrigger trigger = new ReconcileTrigger(() -> {
            runs.incrementAndGet();
            throw new IllegalStateException("boom");
        }, runner);
        trigger.request();
        await().atMost(Duration.ofSeconds(10)).until(() -> !trigger.busy());
        trigger.request();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2 && !trigger.busy());
    }

    @Test
    void everyRequestIsFollowedByARunStartingAfterIt() throws Exception {
        // Many rounds of concurrent requests: after the dust settles, the last run started after the last request.
        AtomicInteger requestsSeen = new AtomicInteger();
        AtomicInteger requestsMade = new AtomicInteger();
        ReconcileTrigger trigger = new ReconcileTrigger(() -> requestsSeen.set(requestsMade.get()), runner);
        CountDownLatch done = new CountDownLatch(4);
        for (int c = 0; c < 4; c++) {
            callers.execute(() -> {
                for (int i = 0; i < 500; i++) {
                    requestsMade.incrementAndGet();
                    trigger.request();
                }
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !trigger.busy());
        assertThat(requestsSeen.get()).isEqualTo(2000);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
