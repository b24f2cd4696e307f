package dev.modeldeploy.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WakeUpsTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger reconciles = new AtomicInteger();
    private final WakeUps wakeUps = new WakeUps(timer, reconciles::incrementAndGet, Clock.systemUTC());

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void theEarliestAskedForWinsAndLaterOnesWaitForIt() throws Exception {
        Instant now = Instant.now();
        wakeUps.at(now.plusSeconds(30));
        wakeUps.at(now.plusMillis(200));
        wakeUps.at(now.plusSeconds(60));

        await().atMost(Duration.ofSeconds(5)).until(() -> reconciles.get() == 1);
        Thread.sleep(300);
        assertThat(reconciles.get()).as("the 30s and 60s ones were replaced or folded in").isEqualTo(1);

        wakeUps.at(Instant.now().minusSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> reconciles.get() == 2);
    }
}
