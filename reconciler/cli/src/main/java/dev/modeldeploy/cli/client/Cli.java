package dev.modeldeploy.cli.client;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** What every client command does around its work: report a {@link CliException} as one line and its exit code. */
public final class Cli {

    private Cli() {
    }

    public static int run(CommandSpec spec, Callable<Integer> work) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return work.call();
        } catch (CliException e) {
            err.println("error: " + e.getMessage());
            return e.exitCode();
        } catch (Exception e) {
            err.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        } finally {
            spec.commandLine().getOut().flush();
            err.flush();
        }
    }

    /** The group a subcommand belongs to: its parent command. */
    static ManifestCommandGroup group(CommandSpec spec) {
        Object parent = spec.parent() == null ? null : spec.parent().userObject();
        if (parent instanceof ManifestCommandGroup group) {
            return group;
        }
        throw new IllegalStateException(spec.name() + " must be a subcommand of deployment or route");
    }

    /** Durations as users write them: 500ms, 30s, 5m, 1h, or plain seconds. */
    static Duration duration(String text, String option) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            char unit = t.charAt(t.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new CliException(option + ": not a duration: '" + text + "' (use e.g. 90s, 5m, 1h)", 2);
        }
    }
}
