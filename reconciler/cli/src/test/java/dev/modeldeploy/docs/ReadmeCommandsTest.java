package dev.modeldeploy.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command in README.md and examples-repo/README.md is run by this test or by {@code .ci/run}, or is listed in
 * {@link CommandCoverage} with the test that exercises the same thing.
 *
 * <p>Each fenced shell block is one dynamic test, run in document order (main README first) through bash from the
 * repository root against one daemon started with the real {@code bin/modeldeploy run}; see {@link ReadmeSession}
 * for the two rewrites that point the commands at it. A block that needs a tool this machine lacks (curl, kubectl,
 * openssl) is skipped with that reason, never passed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeCommandsTest {
    static final List<String> READMES = List.of("README.md", "examples-repo/README.md");
    private static final List<String> OPTIONAL_TOOLS = List.of("curl", "kubectl", "openssl");

    @TempDir
    Path work;

    private final Path root = repositoryRoot();
    private ReadmeSession session;
    private Throwable startFailure;

    @TestFactory
    Stream<DynamicTest> everyReadmeBlockRunsAsWritten() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("build with bin/modeldeploy --version and start bin/modeldeploy run",
                this::startSession));
        for (String readme : READMES) {
            for (ReadmeCommands.Block block : blocks(readme)) {
                List<ReadmeCommands.Command> toRun = block.commands().stream()
                        .filter(c -> CommandCoverage.elsewhere(c).isEmpty()).toList();
                if (toRun.isEmpty()) {
                    continue;
                }
                String name = block.where() + ": " + abbreviate(toRun.get(0).normalized())
                        + (toRun.size() > 1 ? " (+" + (toRun.size() - 1) + ")" : "");
                tests.add(DynamicTest.dynamicTest(name, () -> runBlock(readme, block, toRun)));
            }
        }
        return tests.stream();
    }

    private void startSession() throws Exception {
        try {
            session = ReadmeSession.start(root, work);
        } catch (Throwable e) {
            startFailure = e;
            throw e;
        }
    }

    private void runBlock(String readme, ReadmeCommands.Block block, List<ReadmeCommands.Command> toRun)
            throws IOException, InterruptedException {
        assumeTrue(startFailure == null, "the daemon did not start (see the first test): " + startFailure);
        assertThat(session).as("session started").isNotNull();
        for (String tool : toolsUsed(toRun)) {
            assumeTrue(onPath(tool), tool + " is not installed on this machine; the commands at " + block.where()
                    + " need it");
        }
        Path home = session.home(readme.equals("README.md") ? "readme" : "examples");
        ReadmeSession.Outcome outcome = session.run(toRun, home);
        assertThat(outcome.exitCode())
                .as("%s: %s%n--- output ---%n%s%n--- daemon log (tail) ---%n%s", block.where(),
                        outcome.exitCode() == -1 ? "timed out after " + ReadmeSession.BLOCK_TIMEOUT : "failed",
                        ReadmeSession.tailOf(outcome.output()), session.daemonLogTail())
                .isZero();
    }

    @AfterAll
    void stopDaemon() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void bothReadmesHaveCommandsAndTheStartUpCommandsAreTheOpeningOnes() throws IOException {
        List<ReadmeCommands.Block> main = blocks("README.md");
        assertThat(main).as("shell blocks in README.md").hasSizeGreaterThan(10);
        assertThat(main.get(0).commands()).extracting(ReadmeCommands.Command::normalized)
                .containsExactly("bin/modeldeploy run");
        assertThat(main.get(1).commands()).extracting(ReadmeCommands.Command::normalized)
                .containsExactly("mvn -B verify");
        assertThat(blocks("examples-repo/README.md")).as("shell blocks in examples-repo/README.md").isNotEmpty();
    }

    @Test
    void everyCoverageEntryIsUsedByAReadmeAndNamesSomethingThatExists() throws IOException {
        Set<String> commands = new LinkedHashSet<>();
        for (String readme : READMES) {
            blocks(readme).forEach(b -> b.commands().forEach(c -> commands.add(c.normalized())));
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, CommandCoverage.Elsewhere> entry : CommandCoverage.elsewhereTable().entrySet()) {
            if (!commands.contains(entry.getKey())) {
                problems.add("listed but in no README: " + entry.getKey());
            }
            CommandCoverage.missingTarget(entry.getKey(), entry.getValue(), root)
                    .ifPresent(why -> problems.add(entry.getKey() + ": " + why));
        }
        for (String command : CommandCoverage.exitCodeTable().keySet()) {
            if (!commands.contains(command)) {
                problems.add("exit code listed for a command in no README: " + command);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void parserSplitsCommandsAsAShellWould() {
        String markdown = """
                text
                ```sh
                # a comment
                echo one \\
                  two
                cat > f <<'EOF'
                a
                EOF

                echo three
                ```
                ```console
                $ echo four
                four
                ```
                ```yaml
                key: value
                ```
                """;
        List<ReadmeCommands.Block> blocks = ReadmeCommands.parse("X.md", markdown);
        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(0).commands()).extracting(ReadmeCommands.Command::text)
                .containsExactly("echo one \\\n  two", "cat > f <<'EOF'\na\nEOF", "echo three");
        assertThat(blocks.get(0).commands()).extracting(ReadmeCommands.Command::line).containsExactly(4, 6, 10);
        assertThat(blocks.get(1).commands()).extracting(ReadmeCommands.Command::normalized).containsExactly("echo four");
    }

    private List<ReadmeCommands.Block> blocks(String readme) throws IOException {
        return ReadmeCommands.parse(readme, Files.readString(root.resolve(readme)));
    }

    private static Set<String> toolsUsed(List<ReadmeCommands.Command> commands) {
        Set<String> tools = new LinkedHashSet<>();
        for (ReadmeCommands.Command command : commands) {
            for (String tool : OPTIONAL_TOOLS) {
                if (Pattern.compile("(^|[\\s|;&(`$])" + tool + "(\\s|$)").matcher(command.text()).find()) {
                    tools.add(tool);
                }
            }
        }
        return tools;
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String text) {
        return text.length() > 70 ? text.substring(0, 70) + "..." : text;
    }

    /** The checkout root (holding README.md and bin/modeldeploy), whether Maven runs from there or the module. */
    static Path repositoryRoot() {
        String configured = System.getProperty("modeldeploy.rootDir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("bin/modeldeploy"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath()
                + "; set -Dmodeldeploy.rootDir");
    }
}
