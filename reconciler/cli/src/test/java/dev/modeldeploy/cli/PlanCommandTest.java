package dev.modeldeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.plan.ExampleGitRepo;
import dev.modeldeploy.plan.Goldens;
import dev.modeldeploy.plan.PlanCli;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code modeldeploy plan} on a real Git repository made from the example repository, base = main and head = a
 * branch with one change, in both formats, checked against golden files under src/test/resources/plan/
 * (regenerate with {@code -Dmodeldeploy.plan.updateGoldens=true}, see {@link Goldens}).
 */
class PlanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WINE = "deployments/models/wine.yaml";

    @TempDir
    Path dir;

    private ExampleGitRepo repo;

    @BeforeEach
    void createRepository() {
        repo = ExampleGitRepo.create(dir);
    }

    private PlanCli.Run plan(String head, String format) {
        return PlanCli.run("--repo", repo.work().toString(), "--base", ExampleGitRepo.MAIN, "--head", head,
                "--path", "deployments", "--cluster-config", settingsFile(), "--format", format);
    }

    private String settingsFile() {
        return repo.work().resolve("cluster-settings.yaml").toString();
    }

    /** Output with the temporary path and the commit ids replaced, so golden files do not depend on them. */
    private String normalized(String output, String head) {
        return output.replace(repo.work().toString(), "<repo>")
                .replace(repo.revParse(ExampleGitRepo.MAIN), "<base-commit>")
                .replace(repo.revParse(head), "<head-commit>")
                .replace(repo.revParse(ExampleGitRepo.MAIN).substring(0, 7), "<base>")
                .replace(repo.revParse(head).substring(0, 7), "<head>");
    }

    private void checkGoldens(String name, String head, PlanCli.Run markdown, PlanCli.Run json) {
        Goldens.assertMatches(name + ".md", normalized(markdown.out(), head));
        Goldens.assertMatches(name + ".json", normalized(json.out(), head));
        assertThat(json.exitCode()).isEqualTo(markdown.exitCode());
    }

    private static JsonNode json(PlanCli.Run run) throws IOException {
        return JSON.readTree(run.out());
    }

    @Test
    void newDeploymentIsAdded() throws IOException {
        repo.branch("add-wine-v3", ExampleGitRepo.MAIN)
                .write("deployments/models/wine-v3.yaml", repo.read(WINE)
                        .replace("id: wine\n", "id: wine-v3\n")
                        .replace("test-e2e-wine-1.0", "test-e2e-wine-3.0")
                        .replace("version: \"1.0\"", "version: \"3.0\""))
                .commit("Add wine-v3");

        PlanCli.Run run = plan("add-wine-v3", "markdown");
        PlanCli.Run jsonRun = plan("add-wine-v3", "json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains("**1 added, 0 changed, 0 removed, 8 unchanged**")
                .contains("| ModelDeployment `wine-v3` | added | 6 added | `deployments/models/wine-v3.yaml` |")
                .contains("- image gcr.io/project/test-e2e-wine-3.0:b591c752-43d4-43e0-8392-9a5715b67573")
                .contains("- replicas 0-1", "- model wine 3.0", "- roles wine-users")
                .contains("<details><summary>Service wine-v3: added</summary>", "```diff\n--- /dev/null\n");
        JsonNode plan = json(jsonRun);
        assertThat(plan.path("summary").path("added").asInt()).isEqualTo(1);
        JsonNode change = plan.path("changes").get(change(plan, "wine-v3"));
        assertThat(change.path("action").asText()).isEqualTo("added");
        assertThat(change.path("objects")).hasSize(6);
        checkGoldens("new-deployment", "add-wine-v3", run, jsonRun);
    }

    @Test
    void otherOdahuKindsInABulkFileAreNotesAndItsDeploymentIsAdded() throws IOException {
        repo.branch("odahu-bulk", ExampleGitRepo.MAIN)
                .write("deployments/odahu/bulk.odahuflow.yaml", """
                        kind: Connection
                        id: docker-ci
                        spec:
                          type: docker
                        ---
                        """ + repo.read(WINE).replace("id: wine\n", "id: wine-v3\n"))
                .commit("Drop in an ODAHU bulk file");

        PlanCli.Run run = plan("odahu-bulk", "markdown");
        PlanCli.Run jsonRun = plan("odahu-bulk", "json");

        // a skipped document is not an invalid one: the plan is made and shows the deployment as added
        assertThat(run.exitCode()).isEqualTo(1);
        String warning = "deployments/odahu/bulk.odahuflow.yaml:1:7: warning: docker-ci: $.kind: ODAHU Connection skipped: "
                + "modeldeploy deploys models; it does not train or package (a private registry for imagePullConnID is a "
                + "docker-registry Secret)";
        assertThat(run.out()).contains("**1 added, 0 changed, 0 removed, 8 unchanged**").contains("**Notes**");
        JsonNode plan = json(jsonRun);
        assertThat(plan.path("notes")).extracting(JsonNode::asText).contains(warning);
        assertThat(plan.path("summary").path("invalid").asInt()).isZero();
    }

    @Test
    void canaryWeightChangeSaysWhatMovesWhere() throws IOException {
        String route = "deployments/routes/wine-canary.yaml";
        repo.branch("canary-50", ExampleGitRepo.MAIN)
                .write(route, repo.read(route).replace("weight: 90", "weight: 50").replace("weight: 10", "weight: 50"))
                .commit("Canary: half of the traffic to wine-v2");

        PlanCli.Run run = plan("canary-50", "markdown");
        PlanCli.Run jsonRun = plan("canary-50", "json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("#### ModelRoute `wine-canary`: changed")
                .contains("- traffic wine 90→50, wine-v2 10→50")
                .contains("-      weight: 90\n+      weight: 50\n");
        JsonNode plan = json(jsonRun);
        assertThat(plan.path("summary").path("changed").asInt()).isEqualTo(1);
        JsonNode change = plan.path("changes").get(change(plan, "wine-canary"));
        assertThat(change.path("meaning").get(0).asText()).isEqualTo("traffic wine 90→50, wine-v2 10→50");
        assertThat(change.path("objects").get(0).path("kind").asText()).isEqualTo("VirtualService");
        assertThat(change.path("objects").get(0).path("diff").asText()).contains("@@ ", "-      weight: 10");
        checkGoldens("canary-weights", "canary-50", run, jsonRun);
    }

    @Test
    void aRolloutThatChangesListsTheStepsItWillGoThroughAgain() throws IOException {
        String route = "deployments/routes/wine-rollout.yaml";
        repo.branch("faster-rollout", ExampleGitRepo.MAIN)
                .write(route, repo.read(route).replace("steps: [10, 25, 50, 100]", "steps: [50, 100]"))
                .commit("wine-rollout: two steps");

        PlanCli.Run run = plan("faster-rollout", "markdown");
        JsonNode plan = json(plan("faster-rollout", "json"));

        assertThat(run.exitCode()).as("the rendered objects are the same, the progression is not").isEqualTo(1);
        JsonNode change = plan.path("changes").get(change(plan, "wine-rollout"));
        assertThat(change.path("action").asText()).isEqualToIgnoringCase("changed");
        assertThat(change.path("meaning").toString()).contains(
                "rollout wine → wine-v2 in 2 steps of 1m, starting over from step 1: 1. wine 50, wine-v2 50; 2. wine 0, wine-v2 100",
                "rollout checks after each step: success rate ≥ 99%, p99 latency ≤ 500ms; promoted after step 2 passes, "
                        + "rolled back to wine after 2 failed checks, paused after 3m without data (fewer than 20 requests)");
        JsonNode untouched = plan.path("changes").get(change(plan, "wine-canary"));
        assertThat(untouched.path("meaning").toString()).doesNotContain("rollout");
    }

    @Test
    void removedDeploymentIsDeleted() throws IOException {
        repo.branch("drop-densenet", ExampleGitRepo.MAIN).delete("deployments/models/densenet.yaml")
                .commit("Retire densenet");

        PlanCli.Run run = plan("drop-densenet", "markdown");
        PlanCli.Run jsonRun = plan("drop-densenet", "json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("#### ModelDeployment `densenet`: removed")
                .contains("- deployment removed: its 6 objects would be deleted")
                .contains("+++ /dev/null");
        JsonNode plan = json(jsonRun);
        assertThat(plan.path("summary").path("removed").asInt()).isEqualTo(1);
        assertThat(plan.path("changes").get(change(plan, "densenet")).path("sourceFile").asText())
                .isEqualTo("deployments/models/densenet.yaml");
        checkGoldens("removed-deployment", "drop-densenet", run, jsonRun);
    }

    @Test
    void invalidHeadFailsWithFileAndLine() throws IOException {
        repo.branch("broken", ExampleGitRepo.MAIN)
                .write(WINE, repo.read(WINE).replace("maxReplicas: 1", "maxReplicas: lots"))
                .commit("Break wine");

        PlanCli.Run markdown = plan("broken", "markdown");
        PlanCli.Run json = plan("broken", "json");

        assertThat(markdown.exitCode()).isEqualTo(2);
        assertThat(json.exitCode()).isEqualTo(2);
        int line = lineOf(repo.read(WINE), "maxReplicas: lots");
        String location = WINE + ":" + line + ":";
        assertThat(markdown.out()).contains("#### :x: Validation errors in head").contains(location);
        assertThat(markdown.err()).contains(location);
        JsonNode finding = json(json).path("findings").get(0);
        assertThat(finding.path("file").asText()).isEqualTo(WINE);
        assertThat(finding.path("line").asInt()).isEqualTo(line);
        assertThat(finding.path("text").asText()).startsWith(location).contains("error: wine:");
        // the broken deployment is neither changed nor removed: the daemon leaves its objects alone
        assertThat(json(json).path("changes").findValuesAsText("id")).doesNotContain("wine");
        checkGoldens("invalid-head", "broken", markdown, json);
    }

    @Test
    void changedDeploymentExplainsImageReplicasResourcesAndRoles() throws IOException {
        repo.branch("wine-bigger", ExampleGitRepo.MAIN)
                .write(WINE, repo.read(WINE)
                        .replace("test-e2e-wine-1.0:b591c752-43d4-43e0-8392-9a5715b67573", "test-e2e-wine-1.1:0000")
                        .replace("minReplicas: 0 ", "minReplicas: 1 ")
                        .replace("maxReplicas: 1", "maxReplicas: 3")
                        .replace("      memory: 1Gi\n    requests", "      memory: 2Gi\n    requests")
                        .replace("roleName: wine-users", "roleName: sommeliers"))
                .commit("Bigger wine");

        JsonNode change = json(plan("wine-bigger", "json"));
        List<String> meaning = new ArrayList<>();
        change.path("changes").get(change(change, "wine")).path("meaning").forEach(m -> meaning.add(m.asText()));

        assertThat(meaning).containsExactly(
                "image gcr.io/project/test-e2e-wine-1.0:b591c752-43d4-43e0-8392-9a5715b67573 → gcr.io/project/test-e2e-wine-1.1:0000",
                "replicas 0-1 → 1-3",
                "resources requests cpu 1, memory 1Gi; limits cpu 1, memory 1Gi → requests cpu 1, memory 1Gi; limits cpu 1, memory 2Gi",
                "roles wine-users → sommeliers");
    }

    @Test
    void mirrorAndHeaderRuleChangesAreExplained() throws IOException {
        String shadow = "deployments/routes/wine-shadow.yaml";
        String ab = "deployments/routes/wine-ab.yaml";
        repo.branch("routes", ExampleGitRepo.MAIN)
                .write(shadow, repo.read(shadow).replace("  mirror: wine-v2\n", ""))
                .write(ab, repo.read(ab).replace("exact: b\n", "exact: beta\n"))
                .commit("Stop mirroring; new header value");

        JsonNode plan = json(plan("routes", "json"));

        assertThat(plan.path("changes").get(change(plan, "wine-shadow")).path("meaning"))
                .extracting(JsonNode::asText)
                .containsExactly("mirror wine-v2 → none", "deletes VirtualService wine-shadow-mirror");
        assertThat(plan.path("changes").get(change(plan, "wine-ab")).path("meaning"))
                .extracting(JsonNode::asText)
                .containsExactly("traffic for header x-model-variant = beta wine-v2 0→100 (new rule)",
                        "traffic for header x-model-variant = b wine-v2 100→0 (rule removed)");
    }

    @Test
    void sameCommitChangesNothingAndExitsZero() {
        PlanCli.Run run = plan(ExampleGitRepo.MAIN, "markdown");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("**0 added, 0 changed, 0 removed, 8 unchanged**")
                .contains("Merging would change nothing in the cluster.");
    }

    @Test
    void unknownRefIsAClearErrorWithExitTwo() {
        PlanCli.Run run = plan("no-such-branch", "markdown");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("error: ref 'no-such-branch' names no branch, tag or commit in ");
    }

    @Test
    void missingRepositoryIsAClearErrorWithExitTwo() {
        PlanCli.Run run = PlanCli.run("--repo", dir.resolve("nowhere").toString(), "--base", "main", "--head", "x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: repository ").contains("nowhere does not exist");
    }

    @Test
    void unreachableRemoteIsAnErrorWithoutCredentials() throws IOException {
        int closedPort = freePort();
        String token = "s3cr3t-token-value";
        PlanCli.Run run = PlanCli.run(Map.of("PLAN_TEST_TOKEN", token)::get,
                "--repo", "http://127.0.0.1:" + closedPort + "/models.git", "--base", "main", "--head", "x",
                "--git-token-env", "PLAN_TEST_TOKEN", "--timeout", "5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: fetch http://127.0.0.1:" + closedPort + "/models.git")
                .doesNotContain(token);
        assertThat(run.out()).doesNotContain(token);
    }

    @Test
    void passwordInTheUrlIsRefusedAndNeverPrinted() {
        PlanCli.Run run = PlanCli.run("--repo", "https://alice:hunter2-password@git.invalid/models.git",
                "--base", "main", "--head", "x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("embeds a password").doesNotContain("hunter2-password");
    }

    @Test
    void unknownFormatIsAUsageError() {
        PlanCli.Run run = plan(ExampleGitRepo.MAIN, "yaml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--format must be markdown or json");
    }

    private static int change(JsonNode plan, String id) {
        JsonNode changes = plan.path("changes");
        for (int i = 0; i < changes.size(); i++) {
            if (changes.get(i).path("id").asText().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no change for " + id + " in " + plan);
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not found");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
