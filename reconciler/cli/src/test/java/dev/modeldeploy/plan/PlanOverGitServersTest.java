package dev.modeldeploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository reached the ways a CI job reaches it: over git:// from the real {@code git daemon}, over smart
 * HTTP with a token from an environment variable, and as a plain path to a bare repository; refs given as tag,
 * {@code origin/<branch>}, a pull-request ref and (abbreviated) commit ids.
 */
class PlanOverGitServersTest {
    private static final String ROUTE = "deployments/routes/wine-canary.yaml";

    @TempDir
    Path dir;

    private ExampleGitRepo repo;
    private Path served;
    private String headCommit;

    @BeforeEach
    void serveARepositoryWithACanaryBranch() throws Exception {
        repo = ExampleGitRepo.create(dir.resolve("author"));
        repo.git("tag", "v1");
        repo.branch("canary-50", ExampleGitRepo.MAIN)
                .write(ROUTE, repo.read(ROUTE).replace("weight: 90", "weight: 50").replace("weight: 10", "weight: 50"));
        headCommit = repo.commit("Canary 50/50");
        served = Files.createDirectories(dir.resolve("served"));
        repo.bareClone(served.resolve("models.git"));
        // a pull request's head as hosting services publish it: a ref outside refs/heads
        new ProcessBuilder("git", "--git-dir", served.resolve("models.git").toString(), "update-ref",
                "refs/pull/7/head", headCommit).start().waitFor();
    }

    private PlanCli.Run plan(Map<String, String> environment, String repository, String base, String head,
                             String... extra) {
        String[] args = new String[] {"--repo", repository, "--base", base, "--head", head, "--path", "deployments",
            "--format", "json", "--timeout", "20"};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return PlanCli.run(environment::get, all);
    }

    private static void assertCanaryPlan(PlanCli.Run run) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("\"changed\" : 1", "traffic wine 90→50, wine-v2 10→50");
    }

    @Test
    void overGitDaemonWithTagAndRemoteBranchAndPullRequestRef() throws Exception {
        try (LoopbackGitServers.GitDaemon daemon = LoopbackGitServers.GitDaemon.serve(served)) {
            String url = daemon.url("models.git");

            PlanCli.Run byBranch = plan(Map.of(), url, "v1", "origin/canary-50");
            assertCanaryPlan(byBranch);
            assertThat(byBranch.out()).contains("\"repo\" : \"" + url + "\"", "\"commit\" : \"" + headCommit + "\"");

            assertCanaryPlan(plan(Map.of(), url, "main", "refs/pull/7/head"));
            assertCanaryPlan(plan(Map.of(), url, "main", headCommit));
            PlanCli.Run none = plan(Map.of(), url, "canary-50", headCommit.substring(0, 10));
            assertThat(none.exitCode()).as(none.err()).isEqualTo(0);
        }
    }

    @Test
    void overHttpWithATokenFromTheEnvironmentThatIsNeverPrinted() throws Exception {
        String token = "plan-test-token-0123456789";
        try (LoopbackGitServers.HttpGit server = LoopbackGitServers.HttpGit.serve(served, "ci", token)) {
            String url = server.url("models.git");

            PlanCli.Run run = plan(Map.of("PLAN_GIT_TOKEN", token), url, "main", "canary-50",
                    "--git-username", "ci", "--git-token-env", "PLAN_GIT_TOKEN");
            assertCanaryPlan(run);
            assertThat(run.out() + run.err()).doesNotContain(token);

            PlanCli.Run rejected = plan(Map.of("PLAN_GIT_TOKEN", "wrong-token-value"), url, "main", "canary-50",
                    "--git-username", "ci", "--git-token-env", "PLAN_GIT_TOKEN");
            assertThat(rejected.exitCode()).isEqualTo(2);
            assertThat(rejected.err()).contains("credentials rejected").doesNotContain("wrong-token-value");

            PlanCli.Run unset = plan(Map.of(), url, "main", "canary-50", "--git-token-env", "PLAN_GIT_TOKEN");
            assertThat(unset.exitCode()).isEqualTo(2);
            assertThat(unset.err()).contains("PLAN_GIT_TOKEN").contains("is not set");
        }
    }

    @Test
    void plainPathToABareRepository() {
        PlanCli.Run run = plan(Map.of(), served.resolve("models.git").toString(), "main", "origin/canary-50");

        assertCanaryPlan(run);
    }
}
