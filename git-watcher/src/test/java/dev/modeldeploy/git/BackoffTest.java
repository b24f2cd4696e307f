package dev.modeldeploy.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void growsExponentiallyUpToTheCap() {
        Backoff noJitter = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0, new Random(1));
        assertThat(noJitter.delay(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(noJitter.delay(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(noJitter.delay(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(noJitter.delay(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(noJitter.delay(500)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void jitterStaysWithinItsShareAndVaries() {
        Backoff jittered = new Backoff(Duration.ofMillis(1000), Duration.ofMillis(1000), 2.0, 0.5, new Random(42));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 200; i++) {
            long delay = jittered.delay(3).toMillis();
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).isGreaterThanOrEqualTo(500);
        assertThat(max).isLessThanOrEqualTo(1000);
        assertThat(max - min).isGreaterThan(100);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ZERO, 0.5, 0, new Random()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ZERO).delay(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
