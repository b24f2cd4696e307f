package dev.modeldeploy.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modeldeploy.api.ApiState;
import dev.modeldeploy.api.ApiTestServer;
import dev.modeldeploy.api.DeploymentView;
import dev.modeldeploy.api.Fixtures;
import dev.modeldeploy.api.SourceInfo;
import dev.modeldeploy.auth.AuthSettings;
import dev.modeldeploy.auth.RequestAuthenticator;
import dev.modeldeploy.health.ManifestStatus;
import dev.modeldeploy.health.State;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** create / edit / delete as commits to a bare repository the fixture daemon says it watches (a plain path). */
class GitChangesTest {

    static final String WINE = """
            # the wine model, owned by the ML team
            kind: ModelDeployment
            id: wine
            spec:
              predictor: odahu-ml-server
              image: registry.example.com/wine:1.0
              minReplicas: 0
              maxReplicas: 1
            """;
    static final String PEAR = """
            kind: ModelDeployment
            id: pear
            spec:
              predictor: odahu-ml-server
              image: registry.example.com/pear:1.0
            """;
    static final String ROUTES = """
            kind: ModelRoute
            id: route-a
            spec:
              urlPrefix: /custom/route-a
              modelDeployments:
                - mdName: pear
                  weight: 100
            ---
            # route-b: kept as it is when route-a changes
            kind: ModelRoute
            id: route-b
            spec:
              urlPrefix: /custom/route-b
              modelDeployments:
                - mdName: pear
                  weight: 100
            """;
    static final String IRIS = """
            kind: ModelDeployment
            id: iris-new
            spec:
              predictor: odahu-ml-server
              image: registry.example.com/iris:2.0
              minReplicas: 0
              maxReplicas: 2
            """;

    @TempDir
    Path temp;
    private Path bare;
    private ApiTestServer daemon;
    private CliHarness cli;

    @BeforeEach
    void start() throws Exception {
        bare = temp.resolve("models.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        Path work = temp.resolve("seed");
        try (Git git = Git.cloneRepository().setURI(bare.toString()).setDirectory(work.toFile()).call()) {
            Files.createDirectories(work.resolve("deployments"));
            Files.writeString(work.resolve("deployments/wine.yaml"), WINE);
            Files.writeString(work.resolve("deployments/routes.yaml"), ROUTES);
            Files.writeString(work.resolve("deployments/pear.yaml"), PEAR);
            Files.writeString(work.resolve("README.md"), "models\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("seed").setAuthor("seed", "seed@example.com").setCommitter("seed", "seed@example.com").call();
            git.push().setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:refs/heads/main")).call();
        }
        ApiState state = Fixtures.state("http://models.example.com/model/wine");
        daemon = new ApiTestServer(new ApiState(new SourceInfo(bare.toString(), "main", "deployments", head("main"), head("main")),
                state.deployments(), state.routes(), state.openApiByDeployment(), state.failedManifests(), state.updated()),
                RequestAuthenticator.from(AuthSettings.disabled()));
        cli = new CliHarness(temp.resolve("home"))
                .env("GIT_AUTHOR_NAME", "Alice Example")
                .env("GIT_AUTHOR_EMAIL", "alice@example.com");
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private Path manifest(String name, String text) throws IOException {
        Path file = temp.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private String head(String branch) throws IOException {
        try (Repository repository = Git.open(bare.toFile()).getRepository()) {
            ObjectId id = repository.resolve("refs/heads/" + branch);
            return id == null ? null : id.getName();
        }
    }

    private RevCommit commit(String branch) throws IOException {
        try (Repository repository = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(repository.resolve("refs/heads/" + branch));
        }
    }

    /** The file's content at the branch head, or null when it is not there. */
    private String fileAt(String branch, String path) throws IOException {
        try (Repository repository = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(repository.resolve("refs/heads/" + branch));
            try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
                if (tree == null) {
                    return null;
                }
                ObjectLoader loader = repository.open(tree.getObjectId(0));
                return new String(loader.getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void createCommitsTheFileAsIdDotYamlAndPushesToTheWatchedBranch() throws Exception {
        String before = head("main");
        CliHarness.Result result = cli.deployment("create", "--url", daemon.url(), "-f", manifest("iris.yaml", IRIS).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();

        RevCommit pushed = commit("main");
        assertThat(pushed.getParent(0).getName()).isEqualTo(before);
        assertThat(pushed.getFullMessage()).isEqualTo("deployment create iris-new (modeldeploy CLI)");
        assertThat(pushed.getAuthorIdent().getEmailAddress()).isEqualTo("alice@example.com");
        assertThat(fileAt("main", "deployments/iris-new.yaml")).isEqualTo(IRIS);
        assertThat(fileAt("main", "deployments/wine.yaml")).isEqualTo(WINE);
        assertThat(result.out()).contains("committed " + pushed.getName().substring(0, 7))
                .contains("deployments/iris-new.yaml").contains("pushed it to main");
    }

    @Test
    void createOfAnExistingIdFails() throws Exception {
        String before = head("main");
        CliHarness.Result known = cli.deployment("create", "--url", daemon.url(), "-f", manifest("wine.yaml", WINE).toString());
        assertThat(known.exitCode()).isEqualTo(1);
        assertThat(known.err()).contains("deployment \"wine\" already exists").contains("deployment edit -f FILE");

        CliHarness.Result inGitOnly = cli.route("create", "--url", daemon.url(), "-f",
                manifest("route-b.yaml", ROUTES.substring(ROUTES.indexOf("# route-b"))).toString());
        assertThat(inGitOnly.exitCode()).isEqualTo(1);
        assertThat(inGitOnly.err()).contains("route \"route-b\" already exists (it is in deployments/routes.yaml)");
        assertThat(head("main")).isEqualTo(before);
    }

    @Test
    void invalidFileIsReportedWithFileLineAndColumnAndNothingIsCommitted() throws Exception {
        String before = head("main");
        Path file = manifest("bad.yaml", "kind: ModelDeployment\nspec:\n  image: x\n");
        CliHarness.Result result = cli.deployment("create", "--url", daemon.url(), "-f", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).containsPattern(java.util.regex.Pattern.quote(file.toString()) + ":\\d+:\\d+: error: ");
        assertThat(result.err()).contains("nothing was committed");
        assertThat(head("main")).isEqualTo(before);
    }

    @Test
    void aRouteFileGivenToTheDeploymentCommandIsRefused() throws Exception {
        CliHarness.Result result = cli.deployment("create", "--url", daemon.url(), "-f",
                manifest("routes.yaml", ROUTES).toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("modeldeploy route");
    }

    @Test
    void branchOptionPushesToANewBranchAndLeavesTheWatchedOneAlone() throws Exception {
        String before = head("main");
        CliHarness.Result result = cli.deployment("create", "--url", daemon.url(), "--branch", "add-iris",
                "--wait", "-f", manifest("iris.yaml", IRIS).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(head("main")).isEqualTo(before);
        assertThat(commit("add-iris").getParent(0).getName()).isEqualTo(before);
        assertThat(fileAt("add-iris", "deployments/iris-new.yaml")).isEqualTo(IRIS);
        assertThat(result.out()).contains("pull request from add-iris into main").doesNotContain("waiting");
    }

    @Test
    void editReplacesOnlyThatDocumentOfAMultiDocumentFile() throws Exception {
        String changed = """
                kind: ModelRoute
                id: route-a
                spec:
                  urlPrefix: /custom/route-a-v2
                  modelDeployments:
                    - mdName: pear
                      weight: 100
                """;
        CliHarness.Result result = cli.route("edit", "--url", daemon.url(), "-f", manifest("a.yaml", changed).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(commit("main").getFullMessage()).isEqualTo("route edit route-a (modeldeploy CLI)");
        String routes = fileAt("main", "deployments/routes.yaml");
        assertThat(routes).isEqualTo(changed + ROUTES.substring(ROUTES.indexOf("---")));
    }

    @Test
    void editOfASingleDocumentFileTakesTheNewFileWhole() throws Exception {
        String changed = WINE.replace("wine:1.0", "wine:1.1").replace("# the wine model", "# the wine model, v1.1");
        CliHarness.Result result = cli.deployment("edit", "--url", daemon.url(), "-f", manifest("w.yaml", changed).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(fileAt("main", "deployments/wine.yaml")).isEqualTo(changed);
    }

    @Test
    void editWithoutAChangeCommitsNothing() throws Exception {
        String before = head("main");
        CliHarness.Result result = cli.deployment("edit", "--url", daemon.url(), "--wait",
                "-f", manifest("w.yaml", WINE).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("nothing to commit: deployments/wine.yaml already holds exactly this");
        assertThat(head("main")).isEqualTo(before);
    }

    @Test
    void editOrDeleteOfAMissingIdFails() throws Exception {
        String before = head("main");
        CliHarness.Result edit = cli.deployment("edit", "--url", daemon.url(), "-f", manifest("iris.yaml", IRIS).toString());
        assertThat(edit.exitCode()).isEqualTo(1);
        assertThat(edit.err()).contains("entity \"iris-new\" is not found").contains("deployment create -f FILE");

        CliHarness.Result delete = cli.deployment("delete", "--url", daemon.url(), "--id", "nope");
        assertThat(delete.exitCode()).isEqualTo(1);
        assertThat(delete.err()).contains("entity \"nope\" is not found");
        assertThat(head("main")).isEqualTo(before);
    }

    @Test
    void deleteRemovesTheFileOrJustTheDocument() throws Exception {
        CliHarness.Result route = cli.route("delete", "--url", daemon.url(), "--id", "route-a");
        assertThat(route.exitCode()).as(route.err()).isZero();
        assertThat(fileAt("main", "deployments/routes.yaml")).isEqualTo(ROUTES.substring(ROUTES.indexOf("---") + 4));
        assertThat(commit("main").getFullMessage()).isEqualTo("route delete route-a (modeldeploy CLI)");

        CliHarness.Result wine = cli.deployment("delete", "--url", daemon.url(), "--id", "wine");
        assertThat(wine.exitCode()).as(wine.err()).isZero();
        assertThat(fileAt("main", "deployments/wine.yaml")).isNull();
        assertThat(fileAt("main", "README.md")).isEqualTo("models\n");
    }

    @Test
    void aRouteIsCheckedAgainstTheDeploymentsInTheRepository() throws Exception {
        String before = head("main");
        String route = """
                kind: ModelRoute
                id: route-c
                spec:
                  urlPrefix: /custom/route-c
                  modelDeployments:
                    - mdName: wine
                      weight: 50
                    - mdName: pearr
                      weight: 50
                """;
        CliHarness.Result typo = cli.route("create", "--url", daemon.url(), "-f", manifest("c.yaml", route).toString());
        assertThat(typo.exitCode()).isEqualTo(1);
        assertThat(typo.err()).contains("deployments/route-c.yaml:8:15: error: route-c: $.spec.modelDeployments[1].mdName: "
                + "no ModelDeployment with id 'pearr'").contains("nothing was committed");
        assertThat(head("main")).isEqualTo(before);

        CliHarness.Result fixed = cli.route("create", "--url", daemon.url(), "-f",
                manifest("c.yaml", route.replace("pearr", "pear")).toString());
        assertThat(fixed.exitCode()).as(fixed.err()).isZero();
        assertThat(fileAt("main", "deployments/route-c.yaml")).isEqualTo(route.replace("pearr", "pear"));
    }

    @Test
    void deletingADeploymentARouteStillUsesIsRefused() throws Exception {
        String before = head("main");
        CliHarness.Result result = cli.deployment("delete", "--url", daemon.url(), "--id", "pear");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("deployments/routes.yaml:6:15: error: route-a: $.spec.modelDeployments[0].mdName: "
                + "no ModelDeployment with id 'pear'");
        assertThat(head("main")).isEqualTo(before);
    }

    @Test
    void waitReturnsOnceTheDaemonReportsReadyForThePushedCommit() throws Exception {
        String before = head("main");
        Path file = manifest("iris.yaml", IRIS);
        CompletableFuture<CliHarness.Result> run = CompletableFuture.supplyAsync(() -> cli.deployment("create",
                "--url", daemon.url(), "--wait", "--timeout", "1m", "--poll-interval", "50ms", "-f", file.toString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !before.equals(head("main")) || run.isDone());
        assertThat(run.isDone() && run.get().exitCode() != 0).as(() -> run.join().err()).isFalse();
        String pushed = head("main");

        publish("iris-new", State.Processing, null, before);
        publish("iris-new", State.Ready, null, pushed);
        CliHarness.Result result = run.get();
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("deployment iris-new is Ready at " + pushed.substring(0, 7));
    }

    @Test
    void waitReportsAFailureForThePushedCommit() throws Exception {
        String changed = WINE.replace("wine:1.0", "wine:does-not-exist");
        Path file = manifest("w.yaml", changed);
        String before = head("main");
        CompletableFuture<CliHarness.Result> run = CompletableFuture.supplyAsync(() -> cli.deployment("edit",
                "--url", daemon.url(), "--wait", "--poll-interval", "50ms", "-f", file.toString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !before.equals(head("main")) || run.isDone());
        publish("wine", State.Failed, "image registry.example.com/wine:does-not-exist cannot be pulled", head("main"));
        CliHarness.Result result = run.get();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("deployment wine failed").contains("cannot be pulled");
    }

    @Test
    void waitGivesUpAfterTheTimeoutSayingWhatItLastSaw() throws Exception {
        CliHarness.Result result = cli.deployment("edit", "--url", daemon.url(), "--wait", "--timeout", "300ms",
                "--poll-interval", "50ms", "-f", manifest("w.yaml", WINE.replace("1.0", "1.2")).toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("timed out after 300ms waiting for deployment wine")
                .contains("last seen: Ready, commit applied 1111111");
    }

    @Test
    void deleteWaitsUntilTheDaemonNoLongerListsIt() throws Exception {
        String before = head("main");
        CompletableFuture<CliHarness.Result> run = CompletableFuture.supplyAsync(() -> cli.deployment("delete",
                "--url", daemon.url(), "--id", "wine", "--wait", "--poll-interval", "50ms"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !before.equals(head("main")) || run.isDone());
        daemon.update(state -> new ApiState(state.source(),
                state.deployments().stream().filter(d -> !d.id().equals("wine")).toList(),
                state.routes(), state.openApiByDeployment(), state.failedManifests(), state.updated()));
        CliHarness.Result result = run.get();
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("deployment wine is gone");
    }

    /** What the daemon would publish after reconciling: this deployment in this state at this commit. */
    private void publish(String id, State state, String message, String commit) {
        daemon.update(current -> {
            List<DeploymentView> deployments = new ArrayList<>(current.deployments().stream()
                    .filter(d -> !d.id().equals(id)).toList());
            ManifestStatus status = new ManifestStatus("ModelDeployment", id, state, message,
                    state == State.Ready ? "http://models.example.com/model/" + id : null, 1, state == State.Ready ? 1 : 0,
                    null, state == State.Failed ? null : commit, commit, Fixtures.UPDATED);
            deployments.add(Fixtures.deployment(id, "ml-team", status));
            return new ApiState(current.source(), deployments, current.routes(), current.openApiByDeployment(),
                    current.failedManifests(), current.updated());
        });
    }
}
