package dev.modeldeploy.cli.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Remove a manifest: delete its document from the repository the daemon watches, commit, push.")
public final class DeleteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Mixin
    ChangeOptions change;

    @Option(names = "--id", paramLabel = "ID", required = true, description = "the id to remove")
    String id;

    @Override
    public Integer call() {
        return Cli.run(spec, () -> {
            change.checkUsage();
            ManifestCommandGroup group = Cli.group(spec);
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            DaemonClient daemon = client.resolve(group.environment(), err);
            ManifestPublisher publisher = new ManifestPublisher(daemon, group.environment(), out, err);
            try (Publication publication = publisher.delete(group.kind(), id, change.branch)) {
                if (!change.waits() || publication.commit() == null) {
                    return 0;
                }
                return new Waiter(daemon, change.timeout(), change.pollInterval(), out, err)
                        .untilGone(group.kind(), publication);
            }
        });
    }
}
