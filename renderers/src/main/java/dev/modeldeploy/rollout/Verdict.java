package dev.modeldeploy.rollout;

/**
 * What one round of checks found. NO_DATA (Prometheus unreachable or not configured, too few requests) is never a
 * pass: the step waits, and after noDataTimeout the rollout pauses.
 *
 * @param detail what was measured against what, e.g. "success rate 97.50% < 99%"; never empty
 */
public record Verdict(Outcome outcome, String detail) {
    public enum Outcome { PASS, FAIL, NO_DATA }

    public static Verdict pass(String detail) {
        return new Verdict(Outcome.PASS, detail);
    }

    public static Verdict fail(String detail) {
        return new Verdict(Outcome.FAIL, detail);
    }

    public static Verdict noData(String detail) {
        return new Verdict(Outcome.NO_DATA, detail);
    }
}
