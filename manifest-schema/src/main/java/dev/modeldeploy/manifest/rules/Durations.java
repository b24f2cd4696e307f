package dev.modeldeploy.manifest.rules;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as manifests write them, Go-style like Kubernetes and Prometheus: one or more number-unit pairs, such
 * as 30s, 5m, 1h30m or 500ms. The JSON Schema checks the shape; this reads the value.
 */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("([0-9]+(ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");
    /** Long enough that no rollout needs more, short enough that nothing overflows. */
    private static final Duration LONGEST = Duration.ofDays(365);

    private Durations() {
    }

    /** The duration, or empty when the text is not one (or longer than a year). */
    public static Optional<Duration> parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            String digits = part.group(1);
            if (digits.length() > 12) {
                return Optional.empty();
            }
            long amount = Long.parseLong(digits);
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
            if (total.compareTo(LONGEST) > 0) {
                return Optional.empty();
            }
        }
        return Optional.of(total);
    }

    /** Written back the way a manifest would write it: 90s becomes 1m30s, 1500ms becomes 1s500ms. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        int millis = duration.toMillisPart();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0) {
            out.append(seconds).append('s');
        }
        if (millis > 0) {
            out.append(millis).append("ms");
        }
        return out.toString();
    }
}
