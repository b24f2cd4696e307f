package dev.modeldeploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ODAHU's own manifests (vendored unchanged under odahu/, see SOURCES.md there) read as ODAHU reads them: what
 * ODAHU deploys validates, other ODAHU kinds are skipped with a warning, and what ODAHU rejects too is an error.
 */
class OdahuManifestsTest {
    private static final String SKIP_TRAIN = "modeldeploy deploys models; it does not train or package";
    private static final String SKIP_CONNECTION = SKIP_TRAIN + " (a private registry for imagePullConnID is a docker-registry Secret)";

    @TempDir
    Path dir;

    private static List<String> warnings(ManifestSet set) {
        return FindingsReport.textLines(set.warnings());
    }

    @Test
    void aBulkExportSkipsOtherOdahuKindsWithAWarningAndReadsItsDeployments() {
        ManifestSet set = Fixtures.load("odahu/odahu-flow/bulk/correct.odahuflow.yaml");

        assertThat(warnings(set)).containsExactly(
                "correct.odahuflow.yaml:1:7: warning: bulk-test-conn-1: $.kind: ODAHU Connection skipped: " + SKIP_CONNECTION,
                "correct.odahuflow.yaml:9:7: warning: bulk-test-conn-2: $.kind: ODAHU Connection skipped: " + SKIP_CONNECTION,
                "correct.odahuflow.yaml:19:7: warning: bulk-test-ti-1: $.kind: ODAHU ToolchainIntegration skipped: " + SKIP_TRAIN,
                "correct.odahuflow.yaml:27:7: warning: bulk-test-pi-1: $.kind: ODAHU PackagingIntegration skipped: " + SKIP_TRAIN,
                "correct.odahuflow.yaml:48:7: warning: bulk-test-mt-1: $.kind: ODAHU ModelTraining skipped: " + SKIP_TRAIN,
                "correct.odahuflow.yaml:78:7: warning: bulk-test-mp-1: $.kind: ODAHU ModelPackaging skipped: " + SKIP_TRAIN);
        // ODAHU's test fills in the image it built; left empty, ODAHU refuses it too ("empty image parameter")
        assertThat(Fixtures.lines(set)).containsExactly(
                "correct.odahuflow.yaml:95:9: error: bulk-test-md-1: $.spec.image: expected text, got nothing");
        assertThat(Fixtures.load("odahu/odahu-flow/bulk/correct-v2.odahuflow.yaml").warnings()).hasSize(8);
    }

    @Test
    void aKindNeitherOdahuNorModeldeployKnowsStaysAnError() {
        ManifestSet set = Fixtures.load("odahu/odahu-flow/bulk/wrong_kind.odahuflow.yaml");

        assertThat(warnings(set)).containsExactly(
                "wrong_kind.odahuflow.yaml:2:7: warning: bulk-test-conn-1: $.kind: ODAHU Connection skipped: " + SKIP_CONNECTION);
        assertThat(Fixtures.lines(set)).containsExactly(
                "wrong_kind.odahuflow.yaml:10:7: error: bulk-test-conn-2: $.kind: unknown kind 'WrongKind' (expected "
                        + "ModelDeployment or ModelRoute; ODAHU's other kinds are skipped with a warning)");
        assertThat(set.failedFiles()).containsExactly("wrong_kind.odahuflow.yaml");
    }

    @Test
    void skippedDocumentsMakeNothingInvalidAndTheFileStillDeploys() throws IOException {
        Files.writeString(dir.resolve("export.yaml"), """
                kind: Connection
                id: docker-ci
                spec:
                  type: docker
                  uri: registry.example.com
                  username: user
                  password: cGFzc3dvcmQ=
                  password: repeated keys inside a skipped document are not ours to judge
                ---
                kind: ModelDeployment
                id: wine
                spec:
                  predictor: odahu-ml-server
                  image: registry.example.com/wine:1
                ---
                kind: InferenceJob
                id: wine-batch
                spec:
                  inferenceServiceId: wine
                ---
                kind: ModelRoute
                id: wine-route
                spec:
                  urlPrefix: /custom/wine
                  modelDeployments:
                    - mdName: wine
                """);

        ManifestSet set = Fixtures.LOADER.load(dir);

        assertThat(set.findings()).isEmpty();
        assertThat(set.valid()).isTrue();
        assertThat(set.failedFiles()).isEmpty();
        assertThat(set.deployments()).extracting(ModelDeployment::id).containsExactly("wine");
        assertThat(set.routes()).extracting(ModelRoute::id).containsExactly("wine-route");
        assertThat(warnings(set)).containsExactly(
                "export.yaml:1:7: warning: docker-ci: $.kind: ODAHU Connection skipped: " + SKIP_CONNECTION,
                "export.yaml:16:7: warning: wine-batch: $.kind: ODAHU InferenceJob skipped: modeldeploy deploys models as "
                        + "online services; it does not run batch inference");
        assertThat(set.warnings()).allMatch(w -> w.severity() == Severity.WARNING);
    }

    @Test
    void aJsonArrayOfManifestsIsReadLikeYamlWithPositions() {
        ManifestSet set = Fixtures.load("odahu/odahu-flow/bulk/correct.odahuflow.json");

        assertThat(warnings(set)).containsExactly(
                "correct.odahuflow.json:3:13: warning: bulk-test-conn-1: $.kind: ODAHU Connection skipped: " + SKIP_CONNECTION,
                "correct.odahuflow.json:13:13: warning: bulk-test-conn-2: $.kind: ODAHU Connection skipped: " + SKIP_CONNECTION,
                "correct.odahuflow.json:26:13: warning: bulk-test-ti-1: $.kind: ODAHU ToolchainIntegration skipped: " + SKIP_TRAIN,
                "correct.odahuflow.json:37:13: warning: bulk-test-pi-1: $.kind: ODAHU PackagingIntegration skipped: " + SKIP_TRAIN,
                "correct.odahuflow.json:70:13: warning: bulk-test-mt-1: $.kind: ODAHU ModelTraining skipped: " + SKIP_TRAIN,
                "correct.odahuflow.json:112:13: warning: bulk-test-mp-1: $.kind: ODAHU ModelPackaging skipped: " + SKIP_TRAIN);
        assertThat(Fixtures.lines(set)).containsExactly(
                "correct.odahuflow.json:134:16: error: bulk-test-md-1: $.spec.image: expected text, got nothing");
    }

    @Test
    void aJsonObjectIsOneManifestAndJsonFilesInAFolderAreRead() throws IOException {
        Files.writeString(dir.resolve("wine.json"), """
                {
                	"kind": "ModelDeployment",
                	"id": "wine",
                	"spec": {"predictor":"odahu-ml-server", "image": "registry.example.com/wine:1\u0021",
                		"resources": {"limits": {"gpu": "", "cpu": "2", "memory": "2Gi"}, "requests": {"gpu": ""}},
                		"minReplicas": 1, "maxReplicas": 2.5}
                }
                """);
        Files.writeString(dir.resolve("twice.JSON"), """
                {"kind": "ModelRoute", "id": "r", "id": "s", "spec": {"urlPrefix": "/custom/r", "modelDeployments": [{"mdName": "wine"}]}}
                """);
        Files.writeString(dir.resolve("broken.json"), "[{\"kind\": \"ModelDeployment\",]\n");

        ManifestSet set = Fixtures.LOADER.load(dir);

        assertThat(Fixtures.lines(set)).containsExactly(
                "broken.json:1:29: error: -: $: YAML syntax error: while parsing a flow node: expected the node content, but found ']'",
                "twice.JSON:1:35: error: r: $.id: duplicate key 'id' (first defined at line 1, column 24)",
                "twice.JSON:1:113: error: r: $.spec.modelDeployments[0].mdName: ModelDeployment 'wine' is invalid (see wine.json:6:36)",
                "wine.json:6:36: error: wine: $.spec.maxReplicas: expected a whole number, got the number 2.5");
        assertThat(set.deployments()).isEmpty();
    }

    @Test
    void jsonWithoutAnyKindIsASampleRequestSkippedWithAWarning() {
        ManifestSet set = Fixtures.load("odahu/odahu-examples/sklearn-wine");

        assertThat(set.findings()).isEmpty();
        assertThat(warnings(set)).containsExactly(
                "request.json:1:1: warning: -: $: no document in this JSON file has a 'kind': not a manifest, skipped");
        assertThat(set.deployments()).extracting(ModelDeployment::id).containsExactly("wine");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "odahu-flow/deployment/valid/custom-resources.deployment.odahuflow.yaml",
        "odahu-flow/deployment/valid/min-replicas-0.deployment.odahuflow.yaml",
        "odahu-flow/deployment/valid/routing.deployment.odahuflow.yaml",
        "odahu-flow/deployment/valid/simple-model-1.deployment.odahuflow.yaml",
        "odahu-flow/deployment/valid/simple-model-2.deployment.odahuflow.yaml",
        "odahu-flow/deployment/valid/simple-model.deployment.odahuflow.yaml",
        "odahu-flow/deployment/valid/updated-simple-model.deployment.odahuflow.yaml",
        "odahu-examples/sklearn-wine/deployment.odahuflow.yaml",
        "odahu-examples/flower-classifier/deployment.odahuflow.yaml",
        "odahu-examples/reuters-classifier/deployment.odahuflow.yaml",
        "odahu-docs/ref_deployments.deployment.yaml"})
    void whatOdahuDeploysValidatesUnchanged(String file) {
        // each end-to-end file is applied on its own there (several share the id simple-model)
        ManifestSet set = Fixtures.load("odahu/" + file);

        assertThat(Fixtures.lines(set)).isEmpty();
        assertThat(set.warnings()).isEmpty();
        assertThat(set.deployments()).hasSize(1);
    }

    @Test
    void endToEndFilesWithAnEmptyGpuLackOnlyTheImageOdahusTestFillsIn() {
        for (String file : List.of("deployment.create.yaml", "deployment.custom_role.yaml", "deployment.negative.403.yaml",
                "deployment.update.json")) {
            ManifestSet set = Fixtures.load("odahu/odahu-flow/deploy_route_model/valid/" + file);
            assertThat(set.findings()).as(file).singleElement()
                    .satisfies(f -> assertThat(f.jsonPath() + ": " + f.message()).isEqualTo("$.spec.image: expected text, got nothing"));
        }
    }

    @Test
    void whatOdahuRejectsIsAnErrorHereToo() {
        assertThat(Fixtures.lines(Fixtures.load("odahu/odahu-flow/deployment/invalid/validation-fail.deployment.odahuflow.yaml")))
                .containsExactly("validation-fail.deployment.odahuflow.yaml:7:16: error: simple-model: $.spec.maxReplicas: "
                        + "maxReplicas 1 is below minReplicas 2");
        assertThat(Fixtures.lines(Fixtures.load("odahu/odahu-examples/sklearn-triton-wine/deployment.odahuflow.yaml")))
                .containsExactly("deployment.odahuflow.yaml:4:3: error: wine-triton: $.spec.image: missing required field 'image'");
    }

    @Test
    void fieldsFromOlderOdahuDocumentsSayWhatToWriteInstead() {
        assertThat(Fixtures.lines(Fixtures.load("odahu/odahu-docs/tutorials_wine.deployment.odahu.yaml"))).containsExactly(
                "tutorials_wine.deployment.odahu.yaml:7:3: error: wine-tutorial: $.spec.imagePullConnectionID: unknown field "
                        + "'imagePullConnectionID': older ODAHU documents spell it so; write imagePullConnID: docker-tutorial instead");
        assertThat(Fixtures.lines(Fixtures.load("odahu/odahu-docs/gs_deploying_model.deployment.yaml"))).containsExactly(
                "gs_deploying_model.deployment.yaml:4:3: error: deployment-example: $.spec.predictor: missing required field 'predictor'",
                "gs_deploying_model.deployment.yaml:5:3: error: deployment-example: $.spec.replicas: unknown field 'replicas': "
                        + "older ODAHU documents set one replica count; write minReplicas: 2 and maxReplicas: 2 instead "
                        + "(minReplicas: 0 lets the model scale to zero)");
    }

    @Test
    void aRouteNamedByMetadataNameIsToldToWriteAnIdAndValidatesOnceItDoes() throws IOException {
        Path deployments = Files.writeString(dir.resolve("deployments.yaml"), """
                kind: ModelDeployment
                id: counter-model-route-1
                spec: {predictor: odahu-ml-server, image: registry.example.com/counter:1}
                ---
                kind: ModelDeployment
                id: counter-model-route-2
                spec: {predictor: odahu-ml-server, image: registry.example.com/counter:2}
                ---
                kind: ModelDeployment
                id: fail-model-route
                spec: {predictor: odahu-ml-server, image: registry.example.com/fail:1}
                """);
        Path mirror = Fixtures.resource("odahu/odahu-flow/route/test-counter-mirror.route.odahuflow.yaml");
        Path fail = Fixtures.resource("odahu/odahu-flow/route/test-fail-mirror.route.odahuflow.yaml");
        Path both = Fixtures.resource("odahu/odahu-flow/route/test-50-50-counter.route.odahuflow.yaml");
        String hint = ": error: -: $.metadata: unknown field 'metadata': older ODAHU documents named a route with metadata.name; "
                + "write id: test-route at the top level instead";

        assertThat(Fixtures.lines(Fixtures.LOADER.load(List.of(deployments, mirror)))).containsExactly(mirror + ":2:1" + hint);
        assertThat(Fixtures.lines(Fixtures.LOADER.load(List.of(deployments, fail)))).containsExactly(fail + ":2:1" + hint);
        assertThat(Fixtures.lines(Fixtures.LOADER.load(List.of(deployments, both)))).containsExactly(both + ":3:1: error: "
                + "basic-route: $.metadata: unknown field 'metadata': ODAHU ignored it (the manifest's id is 'basic-route'); remove it");

        Path fixed = Files.writeString(dir.resolve("fixed.yaml"), Files.readString(mirror).replace("metadata:\n  name: test-route", "id: test-route"));
        ManifestSet set = Fixtures.LOADER.load(List.of(deployments, fixed));
        assertThat(set.findings()).isEmpty();
        assertThat(set.routes()).extracting(ModelRoute::id).containsExactly("test-route");
    }
}
