package dev.modeldeploy.cli.client;

import dev.modeldeploy.cli.DeploymentCommand;
import dev.modeldeploy.cli.ModelCommand;
import dev.modeldeploy.cli.RouteCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the client commands as a user would, with the environment and config file the test decides. */
public final class CliHarness {

    public record Result(int exitCode, String out, String err) {
    }

    private final Map<String, String> variables = new HashMap<>();
    private final Path home;

    public CliHarness(Path home) {
        this.home = home;
        variables.put(ClientEnvironment.CONFIG_VARIABLE, home.resolve("modeldeploy-config.yaml").toString());
    }

    CliHarness env(String name, String value) {
        variables.put(name, value);
        return this;
    }

    Path configFile() {
        return Path.of(variables.get(ClientEnvironment.CONFIG_VARIABLE));
    }

    ClientEnvironment environment() {
        return new ClientEnvironment(variables, home);
    }

    public Result deployment(String... args) {
        return run(new DeploymentCommand(environment()), args);
    }

    public Result route(String... args) {
        return run(new RouteCommand(environment()), args);
    }

    Result model(String... args) {
        return run(new ModelCommand(environment()), args);
    }

    private static Result run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
