package dev.modeldeploy.cli.client;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "create", mixinStandardHelpOptions = true, description = "Add a manifest: validate FILE, commit it as <path>/<id>.yaml to the repository the daemon watches, push.")
public final class CreateCommand implements Callable<Integer> {

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
        return ManifestChange.run(spec, client, change,
                (publisher, kind, branch) -> publisher.create(kind, file, branch), Waiter::untilReady);
    }
}
