package dev.modeldeploy.cli.client;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How a change is delivered: to the watched branch (and optionally waited for) or to a new branch for review. */
public final class ChangeOptions {

    @Option(names = "--branch", paramLabel = "NAME",
            description = "push to this new branch instead of the watched one (for a pull request); implies no --wait")
    String branch;

    @Option(names = "--wait", description = "wait until the daemon reports it Ready for this commit (or Failed)")
    boolean waitForIt;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "how long --wait waits (e.g. 90s, 5m; default ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "2s", hidden = true)
    String pollInterval;

    /** Wait only for pushes to the watched branch: a review branch is not applied until merged. */
    boolean waits() {
        return waitForIt && branch == null;
    }

    Duration timeout() {
        return Cli.duration(timeout, "--timeout");
    }

    Duration pollInterval() {
        return Cli.duration(pollInterval, "--poll-interval");
    }

    void checkUsage() {
        timeout();
        pollInterval();
        if (branch != null && (branch.isBlank() || branch.contains(" ") || branch.startsWith("-"))) {
            throw new CliException("--branch: not a branch name: '" + branch + "'", 2);
        }
    }
}
