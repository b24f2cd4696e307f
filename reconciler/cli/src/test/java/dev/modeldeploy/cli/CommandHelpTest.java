package dev.modeldeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command and subcommand answers --help with its usage and exit 0, and the top level lists them all. */
class CommandHelpTest {

    static Stream<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(ModeldeployCommand.newCommandLine(), new ArrayList<>(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandName().equals(name)) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, into);
            }
        });
    }

    @ParameterizedTest(name = "modeldeploy {0} --help")
    @MethodSource("commandPaths")
    void answersHelp(List<String> path) {
        StringWriter out = new StringWriter();
        CommandLine cli = ModeldeployCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        List<String> args = new ArrayList<>(path);
        args.add("--help");

        int exit = cli.execute(args.toArray(String[]::new));

        assertThat(exit).as("exit code of modeldeploy %s --help", path).isZero();
        assertThat(out.toString()).startsWith("Usage: modeldeploy" + (path.isEmpty() ? "" : " " + String.join(" ", path)));
    }

    @org.junit.jupiter.api.Test
    void topLevelHelpListsEveryCommand() {
        StringWriter out = new StringWriter();
        CommandLine cli = ModeldeployCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.execute("--help");
        assertThat(out.toString()).contains("validate", "render", "apply", "plan", "run", "deployment", "route",
                "model", "feedback");
    }
}
