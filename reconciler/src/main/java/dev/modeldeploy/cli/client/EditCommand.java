package dev.modeldeploy.cli.client;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "edit", mixinStandardHelpOptions = true, description = "Change a manifest: validate FILE, replace the document with the same id where it is in the repository, commit, push.")
public final class EditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Mixin
    ChangeOptions change;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true, description = "manifest file (YAML)")
    Path file;

    @Override
    public Integer call() {
        return Cli.run(spec, () -> {
            change.checkUsage();
            ManifestCommandGroup group = Cli.group(spec);
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            DaemonClient daemon = client.resolve(group.environment(), err);
            ManifestPublisher publisher = new ManifestPublisher(daemon, group.environment(), out, err);
            try (Publication publication = publisher.edit(group.kind(), file, change.branch)) {
                if (!change.waits() || publication.commit() == null) {
                    return 0;
                }
                return new Waiter(daemon, change.timeout(), change.pollInterval(), out, err)
                        .untilReady(group.kind(), publication);
            }
        });
    }
}
