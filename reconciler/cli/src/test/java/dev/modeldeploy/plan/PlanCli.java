package dev.modeldeploy.plan;

import dev.modeldeploy.cli.PlanCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Function;
import picocli.CommandLine;

/** Runs {@code modeldeploy plan} in-process and captures what it prints. */
public final class PlanCli {
    public record Run(int exitCode, String out, String err) {
    }

    private PlanCli() {
    }

    public static Run run(String... args) {
        return run(new PlanCommand(System::getenv), args);
    }

    public static Run run(Function<String, String> environment, String... args) {
        return run(new PlanCommand(environment), args);
    }

    private static Run run(PlanCommand command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
