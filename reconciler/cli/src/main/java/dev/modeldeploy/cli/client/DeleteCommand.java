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
        return ManifestChange.run(spec, client, change,
                (publisher, kind, branch) -> publisher.delete(kind, id, branch), Waiter::untilGone);
    }
}
