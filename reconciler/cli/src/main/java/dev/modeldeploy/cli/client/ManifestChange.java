package dev.modeldeploy.cli.client;

import picocli.CommandLine.Model.CommandSpec;

/**
 * What create, edit and delete share: validate and commit through the {@link ManifestPublisher}, push, and with
 * --wait follow the daemon until the change is live (or gone).
 */
final class ManifestChange {

    /** Commits one change for the command group's kind. */
    @FunctionalInterface
    interface Publish {
        Publication apply(ManifestPublisher publisher, ManifestKind kind, String newBranch);
    }

    /** Waits on the daemon for a pushed publication; returns the exit code. */
    @FunctionalInterface
    interface Wait {
        int until(Waiter waiter, ManifestKind kind, Publication publication);
    }

    private ManifestChange() {
    }

    static int run(CommandSpec spec, ClientOptions client, ChangeOptions change, Publish publish, Wait wait) {
        return Cli.run(spec, () -> {
            change.checkUsage();
            ManifestCommandGroup group = Cli.group(spec);
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            DaemonClient daemon = client.resolve(group.environment(), err);
            ManifestPublisher publisher = new ManifestPublisher(daemon, group.environment(), out, err);
            try (Publication publication = publish.apply(publisher, group.kind(), change.branch)) {
                if (!change.waits() || publication.commit() == null) {
                    return 0;
                }
                return wait.until(new Waiter(daemon, change.timeout(), change.pollInterval(), out, err),
                        group.kind(), publication);
            }
        });
    }
}
