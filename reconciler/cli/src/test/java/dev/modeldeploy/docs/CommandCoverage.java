package dev.modeldeploy.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * README commands that {@link ReadmeCommandsTest} does not run itself, each with what runs the same thing instead,
 * and the commands whose documented exit code is not 0. Keys are commands as {@link ReadmeCommands#normalize}
 * writes them. A README command that is not listed here is run by the test, so every command is either run or
 * covered; an entry that no README command uses any more, or that names a test or script that does not exist,
 * fails the test.
 */
final class CommandCoverage {

    enum Kind {
        /** The daemon the other commands talk to: the test starts it (with its own state dir and port). */
        STARTED_BY_THIS_TEST,
        /** A test class elsewhere in the build exercises it. */
        TEST_CLASS,
        /** A script of this repository runs it verbatim. */
        SCRIPT,
        /** A benchmark main class; benchmarks take minutes and are run by hand for the issue notes. */
        BENCHMARK
    }

    /** Where a command is exercised instead: a fully qualified class name, or a script path. */
    record Elsewhere(Kind kind, String name, String why) {
    }

    private static final Map<String, Elsewhere> ELSEWHERE = new LinkedHashMap<>();
    private static final Map<String, Integer> EXIT_CODES = new LinkedHashMap<>();

    static {
        started("bin/modeldeploy run",
                "started once for both READMEs, with --state-dir and --port added, and stopped after the last block");
        script("mvn -B verify", ".ci/run", "CI's entry point runs the README's test command verbatim");

        String daemonLoop = "dev.modeldeploy.daemon.DaemonGitLoopTest";
        test("bin/modeldeploy run --config /etc/modeldeploy/config.yaml", daemonLoop,
                "the daemon from RunOptions resolved from a configuration file, over a real Git remote");
        test("bin/modeldeploy run --repo https://git.example.com/ml/models.git --path deployments "
                        + "--kubeconfig ~/.kube/config --cluster-config cluster-settings.yaml", daemonLoop,
                "the daemon against a Git remote other than the embedded one (no real cluster or remote here)");
        test("body='{\"ref\":\"refs/heads/main\"}'", daemonLoop, "signed webhooks (needs a daemon with a secret)");
        test("signature=$(printf '%s' \"$body\" | openssl dgst -sha256 -hmac \"$WEBHOOK_SECRET\" | sed 's/^.* //')",
                daemonLoop, "signed webhooks");
        test("curl -s -X POST localhost:8080/webhook/generic -H \"X-Signature-256: sha256=$signature\" -d \"$body\"",
                daemonLoop, "signed webhooks: accepted, ignored for other branches, rejected when the signature is bad");

        test("kubectl --kubeconfig .modeldeploy/kubeconfig edit ksvc wine",
                "dev.modeldeploy.daemon.KubectlOnTheEmbeddedDefaultTest",
                "interactive; the test runs it with KUBE_EDITOR set to a script that changes the image, then waits "
                        + "for the daemon to set it back");

        String feedbackCommand = "dev.modeldeploy.cli.FeedbackCommandTest";
        test("bin/modeldeploy feedback serve --state-dir ~/collector --bucket file://$HOME/feedback-bucket --port 8081",
                feedbackCommand, "serve runs until stopped; the test collects and exports on its schedule");
        test("bin/modeldeploy feedback export --once --state-dir ~/collector --bucket file://$HOME/feedback-bucket",
                feedbackCommand, "needs the state folder of a collector that ran (the one above); the test exports one");

        String rollouts = "dev.modeldeploy.daemon.RolloutDaemonTest";
        test("bin/modeldeploy run --cluster-config ~/cluster-settings.yaml", rollouts,
                "a second daemon with a Prometheus in its cluster settings; the test starts Debian's prometheus on "
                        + "loopback and a daemon pointed at it");
        test("watch -n 5 bin/modeldeploy route get --id wine-rollout", rollouts,
                "runs until stopped; the test follows each rollout through the API and route get until it is promoted, "
                        + "rolled back or paused");

        String modelCommand = "dev.modeldeploy.cli.client.ModelCommandTest";
        test("bin/modeldeploy model info --md wine", modelCommand,
                "needs a model server behind the deployment's URL; the test serves one");
        test("bin/modeldeploy model invoke --md wine --file request.json", modelCommand,
                "needs a model server behind the deployment's URL; the test serves one");

        test("bin/modeldeploy import --odahu-url https://odahu.example.com --token-file ~/odahu-token "
                        + "--out ~/models/deployments/odahu",
                "dev.modeldeploy.cli.odahu.ImportCommandTest",
                "needs a running ODAHU; the test serves ODAHU's API as its swagger document describes");

        test("helm install modeldeploy ./charts/modeldeploy -n modeldeploy --create-namespace "
                        + "--set git.repo=https://git.example.com/ml/models.git --set git.auth.type=token "
                        + "--set git.auth.existingSecret=git-token --set cluster.namespace=models",
                "dev.modeldeploy.chart.ChartTemplateTest", "helm template of these values, in-process");

        bench("bin/bench validate", "dev.modeldeploy.bench.ValidateBench");
        bench("bin/bench render", "dev.modeldeploy.bench.RenderBench");
        bench("bin/bench reconcile", "dev.modeldeploy.bench.ReconcileBench");
        bench("bin/bench feedback", "dev.modeldeploy.bench.FeedbackBench");
        bench("bin/bench webhook", "dev.modeldeploy.bench.WebhookBench");

        test("mvn -B -o -pl manifest-schema test -Dtest=ManifestReferenceTest -Dmodeldeploy.docs.rewrite=true",
                "dev.modeldeploy.manifest.docs.ManifestReferenceTest", "it is that test, in rewrite mode");

        // plan exits 1 when merging would change something, which is what these examples show.
        exitCode("bin/modeldeploy plan --repo .modeldeploy/examples.git --base main --head wine-v2-more "
                + "--cluster-config examples-repo/cluster-settings.yaml", 1);
        exitCode("bin/modeldeploy plan --repo .modeldeploy/examples.git --base main --head canary-50-50 "
                + "--cluster-config examples-repo/cluster-settings.yaml", 1);
        exitCode("bin/modeldeploy plan --repo .modeldeploy/examples.git --base main --head canary-50-50 "
                + "--cluster-config examples-repo/cluster-settings.yaml --kubeconfig .modeldeploy/kubeconfig "
                + "--format json", 1);
    }

    private CommandCoverage() {
    }

    static Optional<Elsewhere> elsewhere(ReadmeCommands.Command command) {
        return Optional.ofNullable(ELSEWHERE.get(command.normalized()));
    }

    static int expectedExitCode(ReadmeCommands.Command command) {
        return EXIT_CODES.getOrDefault(command.normalized(), 0);
    }

    static Map<String, Elsewhere> elsewhereTable() {
        return ELSEWHERE;
    }

    static Map<String, Integer> exitCodeTable() {
        return EXIT_CODES;
    }

    /** Why an entry's target cannot be found in the checkout, or empty when it can. */
    static Optional<String> missingTarget(String command, Elsewhere entry, Path root) {
        String classFile = entry.name().replace('.', '/') + ".java";
        return switch (entry.kind()) {
            case STARTED_BY_THIS_TEST -> Optional.empty();
            case SCRIPT -> scriptRuns(root.resolve(entry.name()), command)
                    ? Optional.empty() : Optional.of("script " + entry.name() + " does not exist or does not run '" + command + "'");
            case BENCHMARK -> Files.isRegularFile(root.resolve("bench/src/main/java").resolve(classFile))
                    ? Optional.empty() : Optional.of("benchmark " + entry.name() + " does not exist in bench/src/main/java");
            case TEST_CLASS -> testSourceExists(root, classFile)
                    ? Optional.empty() : Optional.of("test class " + entry.name() + " does not exist in any module");
        };
    }

    private static boolean scriptRuns(Path script, String command) {
        try {
            return Files.isRegularFile(script) && Files.readAllLines(script).stream()
                    .map(ReadmeCommands::normalize)
                    .anyMatch(line -> line.equals(command) || line.startsWith(command + " "));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean testSourceExists(Path root, String classFile) {
        // modules sit at the top (renderers/) or one level down (reconciler/server/)
        try (var modules = Files.walk(root, 2)) {
            return modules.filter(Files::isDirectory)
                    .anyMatch(module -> Files.isRegularFile(module.resolve("src/test/java").resolve(classFile)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void started(String command, String why) {
        ELSEWHERE.put(ReadmeCommands.normalize(command), new Elsewhere(Kind.STARTED_BY_THIS_TEST, "ReadmeCommandsTest", why));
    }

    private static void test(String command, String testClass, String why) {
        ELSEWHERE.put(ReadmeCommands.normalize(command), new Elsewhere(Kind.TEST_CLASS, testClass, why));
    }

    private static void script(String command, String script, String why) {
        ELSEWHERE.put(ReadmeCommands.normalize(command), new Elsewhere(Kind.SCRIPT, script, why));
    }

    private static void bench(String command, String benchClass) {
        ELSEWHERE.put(ReadmeCommands.normalize(command), new Elsewhere(Kind.BENCHMARK, benchClass,
                "a benchmark (minutes of CPU); run by hand, results in the issue notes"));
    }

    private static void exitCode(String command, int code) {
        EXIT_CODES.put(ReadmeCommands.normalize(command), code);
    }
}
