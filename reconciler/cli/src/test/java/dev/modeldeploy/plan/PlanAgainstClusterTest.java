package dev.modeldeploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.embedded.EmbeddedCluster;
import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.metrics.ReconcileMetrics;
import dev.modeldeploy.pipeline.DesiredStateBuilder;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.settings.ClusterSettings;
import dev.modeldeploy.sync.ReconcileEngine;
import dev.modeldeploy.sync.ReconcileOptions;
import dev.modeldeploy.sync.common.ChangeSet;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan --cluster embedded} against an embedded API server the example manifests were applied to by the
 * reconcile engine (as the daemon would, source-commit annotations included): with nothing changed the plan is
 * empty; after a hand edit of one live object the drift shows, next to the pull request's own changes, while
 * fields set by others (server defaults, foreign annotations) stay out of it.
 */
class PlanAgainstClusterTest {
    private static final String DEPLOYMENTS = "deployments";

    @TempDir
    Path dir;

    private ExampleGitRepo repo;
    private ClusterSettings settings;
    private EmbeddedCluster cluster;
    private Path stateDir;

    @BeforeEach
    void applyMainToTheCluster() {
        repo = ExampleGitRepo.create(dir.resolve("git"));
        settings = ClusterSettings.load(repo.work().resolve("cluster-settings.yaml"));
        cluster = EmbeddedCluster.start(0, settings.namespace());
        stateDir = dir.resolve("state");
        cluster.writeKubeconfig(stateDir.resolve("kubeconfig"));
        String main = repo.revParse(ExampleGitRepo.MAIN);
        Map<String, String> commits = Map.of("models/wine.yaml", main, "models/wine-v2.yaml", main,
                "routes/wine-canary.yaml", main);
        DesiredStateBuilder.Result desired = new DesiredStateBuilder(new ManifestLoader(), settings)
                .build(repo.work().resolve(DEPLOYMENTS), main, commits);
        try (LiveObjectCache cache = new LiveObjectCache(cluster.client(), settings.namespace())
                .start(Duration.ofSeconds(30));
             ReconcileEngine engine = new ReconcileEngine(cluster.client(), cache, ReconcileOptions.DEFAULT,
                     ReconcileMetrics.inMemory())) {
            ChangeSet applied = engine.reconcile(desired.desired());
            assertThat(applied.failed()).as(applied.toString()).isFalse();
        }
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    private PlanCli.Run plan(String head, String format) {
        return PlanCli.run("--repo", repo.work().toString(), "--base", ExampleGitRepo.MAIN, "--head", head,
                "--path", DEPLOYMENTS, "--cluster-config", repo.work().resolve("cluster-settings.yaml").toString(),
                "--cluster", "embedded", "--state-dir", stateDir.toString(), "--format", format);
    }

    @Test
    void freshlyAppliedClusterMatchesItsCommit() {
        PlanCli.Run run = plan(ExampleGitRepo.MAIN, "markdown");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(0);
        assertThat(run.out()).contains("Compared with the live objects in namespace `modeldeploy`")
                .contains("**0 added, 0 changed, 0 removed, 8 unchanged**");
    }

    @Test
    void handEditShowsAsDriftNextToThePullRequestsChanges() {
        String route = DEPLOYMENTS + "/routes/wine-canary.yaml";
        repo.branch("canary-50", ExampleGitRepo.MAIN)
                .write(route, repo.read(route).replace("weight: 90", "weight: 50").replace("weight: 10", "weight: 50"))
                .delete(DEPLOYMENTS + "/models/densenet.yaml")
                .commit("Canary 50/50, retire densenet");
        editLiveKnativeService("wine-v2", service -> {
            Map<String, Object> template = map(map(service.getAdditionalProperties().get("spec")).get("template"));
            Map<String, Object> podSpec = map(template.get("spec"));
            map(((List<?>) podSpec.get("containers")).get(0)).put("image", "registry.example.com/hotfix:by-hand");
            // what others add is not drift: a defaulted field and a foreign annotation
            podSpec.put("containerConcurrency", 0);
            service.getMetadata().getAnnotations().put("serving.knative.dev/creator", "admin@example.com");
        });

        PlanCli.Run run = plan("canary-50", "markdown");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out())
                .contains("**0 added, 2 changed, 1 removed, 5 unchanged**")
                .contains("#### ModelRoute `wine-canary`: changed", "- traffic wine 90→50, wine-v2 10→50")
                .contains("#### ModelDeployment `densenet`: removed")
                .contains("#### ModelDeployment `wine-v2`: changed")
                .contains("- image registry.example.com/hotfix:by-hand → gcr.io/project/test-e2e-wine-2.0:")
                .contains("- drift: Service wine-v2 was changed in the cluster (spec.template.spec.containers)")
                .contains("-        image: registry.example.com/hotfix:by-hand\n+        image: gcr.io/project/")
                .doesNotContain("containerConcurrency", "admin@example.com", "last-applied", "source-commit",
                        "resourceVersion", "uid:");
        Goldens.assertMatches("cluster-drift.md", run.out().replace(repo.work().toString(), "<repo>")
                .replace(repo.revParse(ExampleGitRepo.MAIN).substring(0, 7), "<base>")
                .replace(repo.revParse("canary-50").substring(0, 7), "<head>"));
    }

    @Test
    void missingEmbeddedKubeconfigIsAClearError() {
        stateDir = dir.resolve("no-daemon-here");

        PlanCli.Run run = plan(ExampleGitRepo.MAIN, "json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no embedded cluster kubeconfig at").contains("modeldeploy run");
    }

    private void editLiveKnativeService(String name, java.util.function.Consumer<GenericKubernetesResource> edit) {
        var services = cluster.client().genericKubernetesResources(LiveObjectCache.context(ManagedKind.KNATIVE_SERVICE))
                .inNamespace(settings.namespace());
        GenericKubernetesResource live = services.withName(name).get();
        edit.accept(live);
        services.resource(live).update();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
