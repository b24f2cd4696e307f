package dev.modeldeploy.git;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with jitter: attempt {@code n} (0-based) waits
 * {@code min(max, initial * multiplier^n)} reduced by a random share of up to {@code jitter} of itself, so that
 * several replicas retrying the same remote spread out.
 *
 * <p>Immutable and thread-safe apart from the random source (use one instance per thread if that matters).
 *
 * @param initial    delay before the first retry
 * @param max        the cap
 * @param multiplier growth per attempt, at least 1
 * @param jitter     share of the delay that is randomized, in [0, 1]
 * @param random     source of the jitter
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter, RandomGenerator random) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(random, "random");
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff: need 0 <= initial <= max, got " + initial + " and " + max);
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("backoff: multiplier must be >= 1, got " + multiplier);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("backoff: jitter must be in [0, 1], got " + jitter);
        }
    }

    /** Doubling from {@code initial} up to {@code max}, with up to half of each delay randomized. */
    public static Backoff exponential(Duration initial, Duration max) {
        return new Backoff(initial, max, 2.0, 0.5, new Random());
    }

    /** The delay to wait before retry number {@code attempt} (0 = the first retry). */
    public Duration delay(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("backoff: attempt must be >= 0, got " + attempt);
        }
        double capMillis = max.toMillis();
        double grown = initial.toMillis() * Math.pow(multiplier, attempt);
        double full = Math.min(capMillis, grown);
        double randomized = full - full * jitter * random.nextDouble();
        return Duration.ofMillis(Math.round(randomized));
    }

    /** Sleeps for {@link #delay(int)}; restores the interrupt flag and returns false when interrupted. */
    public boolean sleep(int attempt) {
        try {
            Thread.sleep(delay(attempt).toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
