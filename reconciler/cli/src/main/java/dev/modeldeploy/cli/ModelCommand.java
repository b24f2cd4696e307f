package dev.modeldeploy.cli;

import dev.modeldeploy.cli.client.Cli;
import dev.modeldeploy.cli.client.CliException;
import dev.modeldeploy.cli.client.ClientEnvironment;
import dev.modeldeploy.cli.client.ClientOptions;
import dev.modeldeploy.cli.client.DaemonClient;
import dev.modeldeploy.cli.client.ModelServerClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code modeldeploy model info|invoke}: talk to a deployed model, as odahuflowctl's model commands. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Call a deployed model: its info, or a prediction.",
        subcommands = {ModelCommand.Info.class, ModelCommand.Invoke.class})
public final class ModelCommand implements Callable<Integer> {

    private final ClientEnvironment environment;

    @Spec
    CommandSpec spec;

    public ModelCommand() {
        this(ClientEnvironment.system());
    }

    public ModelCommand(ClientEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Which model: a deployment id (its URL comes from the daemon) or the model's URL itself. */
    static final class Target {
        @Option(names = "--md", paramLabel = "ID", required = true, description = "model deployment id")
        String deploymentId;

        @Option(names = "--model-url", paramLabel = "URL",
                description = "call the model at this URL instead of the one the daemon reports")
        String modelUrl;
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show the model's info (GET <model url>/api/model/info).")
    static final class Info implements Callable<Integer> {
        @ParentCommand
        ModelCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Mixin
        Target target;

        @Override
        public Integer call() {
            return Cli.run(spec, () -> {
                PrintWriter err = spec.commandLine().getErr();
                DaemonClient daemon = client.resolve(parent.environment, err);
                ModelServerClient model = ModelServerClient.forDeployment(daemon, target.deploymentId, target.modelUrl);
                return print(model.info(), model, spec);
            });
        }
    }

    @Command(name = "invoke", mixinStandardHelpOptions = true, description = "Ask the model for a prediction (POST <model url>/api/model/invoke).")
    static final class Invoke implements Callable<Integer> {
        @ParentCommand
        ModelCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Mixin
        Target target;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Request request;

        static final class Request {
            @Option(names = "--file", paramLabel = "FILE", description = "JSON request body, e.g. request.json")
            Path file;

            @Option(names = "--json", paramLabel = "JSON", description = "JSON request body given inline")
            String json;
        }

        @Override
        public Integer call() {
            return Cli.run(spec, () -> {
                String body = requestBody();
                PrintWriter err = spec.commandLine().getErr();
                DaemonClient daemon = client.resolve(parent.environment, err);
                ModelServerClient model = ModelServerClient.forDeployment(daemon, target.deploymentId, target.modelUrl);
                return print(model.invoke(body), model, spec);
            });
        }

        private String requestBody() {
            String body;
            if (request.file != null) {
                try {
                    body = Files.readString(request.file);
                } catch (IOException e) {
                    throw new CliException("cannot read " + request.file + ": "
                            + (Files.exists(request.file) ? e.getMessage() : "no such file"));
                }
            } else {
                body = request.json;
            }
            ModelServerClient.requireJson(body);
            return body;
        }
    }

    private static int print(ModelServerClient.Answer answer, ModelServerClient model, CommandSpec spec) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        answer.requestId().ifPresent(id -> err.println("Request-ID: " + id));
        if (answer.status() / 100 != 2) {
            err.println(ModelServerClient.readable(answer.body()));
            throw new CliException("the model at " + model.url() + " answered HTTP " + answer.status()
                    + (answer.status() == 401 || answer.status() == 403
                    ? "; models accept the same token as the daemon: check --token-file / MODELDEPLOY_TOKEN" : ""));
        }
        out.println(ModelServerClient.readable(answer.body()));
        return 0;
    }
}
