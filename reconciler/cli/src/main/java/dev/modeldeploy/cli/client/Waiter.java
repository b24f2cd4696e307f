package dev.modeldeploy.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * --wait: polls the daemon until what was pushed is Ready at that commit or a later one, or Failed for it, or the
 * time is up. Deletions wait until the daemon no longer lists the id.
 */
final class Waiter {

    private final DaemonClient daemon;
    private final Duration timeout;
    private final Duration interval;
    private final PrintWriter out;
    private final PrintWriter err;

    Waiter(DaemonClient daemon, Duration timeout, Duration interval, PrintWriter out, PrintWriter err) {
        this.daemon = daemon;
        this.timeout = timeout;
        this.interval = interval;
        this.out = out;
        this.err = err;
    }

    /** 0 when every id is Ready for the pushed commit, 1 on the first failure or time-out. */
    int untilReady(ManifestKind kind, Publication publication) {
        Instant deadline = Instant.now().plus(timeout);
        for (String id : publication.ids()) {
            int result = untilReady(kind, id, publication, deadline);
            if (result != 0) {
                return result;
            }
        }
        return 0;
    }

    /** 0 once the daemon reports the route's rollout Aborted at the pushed commit or a later one, 1 on time-out. */
    int untilRolloutAborted(ManifestKind kind, Publication publication) {
        Instant deadline = Instant.now().plus(timeout);
        for (String id : publication.ids()) {
            String lastSeen = "not listed yet";
            while (true) {
                try {
                    Optional<JsonNode> envelope = daemon.find(kind, id);
                    if (envelope.isPresent()) {
                        JsonNode status = envelope.get().path("status");
                        JsonNode rollout = status.path("rollout");
                        if ("Aborted".equals(DaemonClient.text(rollout, "phase"))
                                && publication.repository().isAtOrAfter(DaemonClient.text(status, "commitSeen"), publication.commit())) {
                            out.println(kind.command() + " " + id + ": rollout Aborted, all traffic to "
                                    + DaemonClient.text(rollout, "stable"));
                            break;
                        }
                        lastSeen = "rollout " + Objects.requireNonNullElse(DaemonClient.text(rollout, "phase"), "not shown")
                                + ", commit seen " + Tables.shortSha(DaemonClient.text(status, "commitSeen"));
                    }
                } catch (CliException e) {
                    lastSeen = e.getMessage();
                }
                if (!Instant.now().isBefore(deadline)) {
                    err.println("timed out after " + human(timeout) + " waiting for the rollout of " + kind.command() + " "
                            + id + " to be Aborted; last seen: " + lastSeen);
                    return 1;
                }
                sleep();
            }
        }
        return 0;
    }

    int untilGone(ManifestKind kind, Publication publication) {
        Instant deadline = Instant.now().plus(timeout);
        for (String id : publication.ids()) {
            String lastSeen = "still listed";
            while (true) {
                try {
                    Optional<JsonNode> envelope = daemon.find(kind, id);
                    if (envelope.isEmpty()) {
                        out.println(kind.command() + " " + id + " is gone");
                        break;
                    }
                    lastSeen = "still listed as " + describe(envelope.get().path("status"));
                } catch (CliException e) {
                    lastSeen = e.getMessage();
                }
                if (!Instant.now().isBefore(deadline)) {
                    err.println("timed out after " + human(timeout) + " waiting for " + kind.command() + " " + id
                            + " to be removed; last seen: " + lastSeen);
                    return 1;
                }
                sleep();
            }
        }
        return 0;
    }

    private int untilReady(ManifestKind kind, String id, Publication publication, Instant deadline) {
        String pushed = publication.commit();
        String lastSeen = "not listed yet";
        String reported = null;
        while (true) {
            try {
                Optional<JsonNode> envelope = daemon.find(kind, id);
                if (envelope.isPresent()) {
                    JsonNode status = envelope.get().path("status");
                    String state = DaemonClient.text(status, "state");
                    String applied = DaemonClient.text(status, "commitApplied");
                    String seen = DaemonClient.text(status, "commitSeen");
                    if ("Ready".equals(state) && publication.repository().isAtOrAfter(applied, pushed)) {
                        out.println(kind.command() + " " + id + " is Ready at " + Tables.shortSha(applied)
                                + url(status));
                        return 0;
                    }
                    if ("Failed".equals(state) && (publication.repository().isAtOrAfter(seen, pushed)
                            || publication.repository().isAtOrAfter(applied, pushed))) {
                        err.println(kind.command() + " " + id + " failed at " + Tables.shortSha(seen) + ": "
                                + Objects.requireNonNullElse(DaemonClient.text(status, "message"), "(no message)"));
                        return 1;
                    }
                    lastSeen = describe(status);
                }
            } catch (DaemonClient.NotFound e) {
                lastSeen = "not listed yet";
            } catch (CliException e) {
                lastSeen = e.getMessage();
            }
            if (!lastSeen.equals(reported)) {
                out.println("waiting for " + kind.command() + " " + id + " at " + Tables.shortSha(pushed) + ": " + lastSeen);
                out.flush();
                reported = lastSeen;
            }
            if (!Instant.now().isBefore(deadline)) {
                err.println("timed out after " + human(timeout) + " waiting for " + kind.command() + " " + id
                        + " to be Ready at " + Tables.shortSha(pushed) + "; last seen: " + lastSeen);
                return 1;
            }
            sleep();
        }
    }

    private static String describe(JsonNode status) {
        String message = DaemonClient.text(status, "message");
        return Objects.requireNonNullElse(DaemonClient.text(status, "state"), "no state")
                + ", commit applied " + Tables.shortSha(DaemonClient.text(status, "commitApplied"))
                + ", seen " + Tables.shortSha(DaemonClient.text(status, "commitSeen"))
                + (message == null ? "" : ": " + message);
    }

    private static String url(JsonNode status) {
        String url = DaemonClient.text(status, "url");
        return url == null ? "" : " (" + url + ")";
    }

    private static String human(Duration duration) {
        return duration.toSeconds() >= 60 && duration.toSeconds() % 60 == 0
                ? duration.toMinutes() + "m" : duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private void sleep() {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting");
        }
    }
}
