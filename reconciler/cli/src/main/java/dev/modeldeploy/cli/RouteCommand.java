package dev.modeldeploy.cli;

import dev.modeldeploy.cli.client.ClientEnvironment;
import dev.modeldeploy.cli.client.CreateCommand;
import dev.modeldeploy.cli.client.DeleteCommand;
import dev.modeldeploy.cli.client.EditCommand;
import dev.modeldeploy.cli.client.GetCommand;
import dev.modeldeploy.cli.client.ManifestCommandGroup;
import dev.modeldeploy.cli.client.ManifestKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code modeldeploy route get|create|edit|delete|rollout}, as odahuflowctl's route commands, through Git. */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Model routes: read them from the daemon; create, edit and delete them as commits to "
                + "the Git repository it watches.",
        subcommands = {GetCommand.class, CreateCommand.class, EditCommand.class, DeleteCommand.class, RolloutCommand.class})
public final class RouteCommand implements ManifestCommandGroup, Callable<Integer> {

    private final ClientEnvironment environment;

    @Spec
    CommandSpec spec;

    public RouteCommand() {
        this(ClientEnvironment.system());
    }

    public RouteCommand(ClientEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public ManifestKind kind() {
        return ManifestKind.ROUTE;
    }

    @Override
    public ClientEnvironment environment() {
        return environment;
    }

    /** Without a subcommand: the usage, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
