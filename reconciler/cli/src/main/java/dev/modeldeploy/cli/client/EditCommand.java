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
        return ManifestChange.run(spec, client, change,
                (publisher, kind, branch) -> publisher.edit(kind, file, branch), Waiter::untilReady);
    }
}
