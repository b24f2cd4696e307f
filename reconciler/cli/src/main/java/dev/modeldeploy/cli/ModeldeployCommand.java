package dev.modeldeploy.cli;

import dev.modeldeploy.cli.odahu.ImportCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code modeldeploy} entry point: every user-facing command hangs off this one. */
@Command(
        name = "modeldeploy",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "GitOps reconciler for ML model deployments (ODAHU ModelDeployment / ModelRoute manifests).",
        subcommands = {
            ValidateCommand.class,
            RenderCommand.class,
            ApplyCommand.class,
            PlanCommand.class,
            RunCommand.class,
            DeploymentCommand.class,
            RouteCommand.class,
            ModelCommand.class,
            FeedbackCommand.class,
            ImportCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class ModeldeployCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** Exit codes: 0 success, 1 findings or failures, 2 usage errors (picocli's own usage errors included). */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new ModeldeployCommand());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        return cli;
    }
}
