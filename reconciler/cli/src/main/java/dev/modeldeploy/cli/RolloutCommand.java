package dev.modeldeploy.cli;

import dev.modeldeploy.cli.client.ClientEnvironment;
import dev.modeldeploy.cli.client.ManifestCommandGroup;
import dev.modeldeploy.cli.client.ManifestKind;
import dev.modeldeploy.cli.client.RolloutAbortCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code modeldeploy route rollout abort ID}: a route's rollout, changed through Git like everything else. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "A route's progressive delivery: abort it through Git. Its progress is shown by route get.",
        subcommands = {RolloutAbortCommand.class})
public final class RolloutCommand implements ManifestCommandGroup, Callable<Integer> {

    @ParentCommand
    RouteCommand route;

    @Spec
    CommandSpec spec;

    @Override
    public ManifestKind kind() {
        return ManifestKind.ROUTE;
    }

    @Override
    public ClientEnvironment environment() {
        return route.environment();
    }

    /** Without a subcommand: the usage, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
