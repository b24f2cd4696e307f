package dev.modeldeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
    private static final String WINE = """
            kind: ModelDeployment
            id: wine
            spec:
              predictor: odahu-ml-server
              image: registry.example.com/wine:1
              resources:
                limits:
                  cpu: 1
                  memory: 1Gi
                requests:
                  cpu: 1
                  memory: 1Gi
              model:
                version: 1.10
            ---
            kind: ModelRoute
            id: wine-route
            spec:
              urlPrefix: /custom/wine
              modelDeployments:
                - mdName: wine
            """;
    private static final String BROKEN = """
            kind: ModelDeployment
            id: broken
            spec:
              predictor: tritn
              image: registry.example.com/broken:1
              minReplica: 1
            """;

    @TempDir
    Path repo;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private String dir;

    @BeforeEach
    void writeRepository() throws IOException {
        Files.createDirectories(repo.resolve("team"));
        Files.writeString(repo.resolve("team/wine.yaml"), WINE);
        dir = repo.toString();
    }

    private int run(String... args) {
        CommandLine cli = new CommandLine(new ValidateCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private void addBrokenFile() throws IOException {
        Files.writeString(repo.resolve("broken.yaml"), BROKEN);
    }

    @Test
    void validRepositoryExitsZeroAndSaysSo() {
        int exit = run(dir);

        assertThat(exit).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("no errors in 1 file\n");
    }

    @Test
    void textFormatPrintsOneLinePerFindingAndASummaryOnStandardError() throws IOException {
        addBrokenFile();

        int exit = run(dir);

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                dir + "/broken.yaml:4:14: error: broken: $.spec.predictor: unknown value 'tritn' "
                        + "(expected one of: odahu-ml-server, triton); did you mean 'triton'?",
                dir + "/broken.yaml:6:3: error: broken: $.spec.minReplica: unknown field 'minReplica'; did you mean 'minReplicas'?");
        assertThat(err.toString()).isEqualTo("2 errors in 1 of 2 files\n");
    }

    @Test
    void jsonFormatPrintsAnArrayOfFindings() throws IOException {
        addBrokenFile();

        int exit = run("--format", "json", dir);

        assertThat(exit).isEqualTo(1);
        JsonNode findings = new ObjectMapper().readTree(out.toString());
        assertThat(findings).hasSize(2);
        assertThat(findings.get(1)).isEqualTo(new ObjectMapper().readTree("""
                {"file": "%s/broken.yaml", "line": 6, "column": 3, "severity": "error", "kind": "ModelDeployment", "id": "broken",
                 "path": "$.spec.minReplica", "message": "unknown field 'minReplica'; did you mean 'minReplicas'?"}
                """.formatted(dir)));
        assertThat(err.toString()).isEqualTo("2 errors in 1 of 2 files\n");
    }

    @Test
    void otherOdahuKindsAreWarningsThatKeepExitCodeZero() throws IOException {
        Files.writeString(repo.resolve("bulk.yaml"), """
                kind: Connection
                id: docker-ci
                spec:
                  type: docker
                ---
                kind: ModelTraining
                id: wine-training
                spec:
                  toolchain: mlflow
                """);

        int exit = run(dir);

        assertThat(exit).isZero();
        assertThat(out.toString().lines()).containsExactly(
                dir + "/bulk.yaml:1:7: warning: docker-ci: $.kind: ODAHU Connection skipped: modeldeploy deploys models; "
                        + "it does not train or package (a private registry for imagePullConnID is a docker-registry Secret)",
                dir + "/bulk.yaml:6:7: warning: wine-training: $.kind: ODAHU ModelTraining skipped: modeldeploy deploys models; "
                        + "it does not train or package");
        assertThat(err.toString()).isEqualTo("no errors in 2 files; 2 warnings\n");

        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        addBrokenFile();
        assertThat(run("--format", "json", dir)).isEqualTo(1);
        JsonNode findings = new ObjectMapper().readTree(out.toString());
        assertThat(findings).extracting(f -> f.get("severity").asText() + " " + f.get("file").asText().substring(dir.length()))
                .containsExactly("error /broken.yaml", "error /broken.yaml", "warning /bulk.yaml", "warning /bulk.yaml");
        assertThat(err.toString()).isEqualTo("2 errors in 1 of 3 files; 2 warnings\n");
    }

    @Test
    void jsonFilesAreReadLikeYamlWithPositions() throws IOException {
        Files.writeString(repo.resolve("team/more.json"), """
                [
                  {"kind": "ModelDeployment", "id": "cider", "spec": {"predictor": "triton", "image": "registry.example.com/cider:1"}},
                  {"kind": "ModelDeployment", "id": "perry", "spec": {"predictor": "tritn", "image": "registry.example.com/perry:1"}}
                ]
                """);

        int exit = run(dir);

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                dir + "/team/more.json:3:68: error: perry: $.spec.predictor: unknown value 'tritn' (expected one of: "
                        + "odahu-ml-server, triton); did you mean 'triton'?");
        assertThat(err.toString()).isEqualTo("1 error in 1 of 2 files\n");
    }

    @Test
    void pathsAreCheckedTogetherAndNamedAsGiven() throws IOException {
        Path other = Files.createDirectories(repo.resolve("other"));
        Files.writeString(other.resolve("again.yaml"), WINE.substring(0, WINE.indexOf("---")));

        int exit = run(repo.resolve("team").toString(), other.resolve("again.yaml").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                dir + "/team/wine.yaml:2:5: error: wine: $.id: duplicate id 'wine': also defined at " + dir + "/other/again.yaml:2:5",
                dir + "/team/wine.yaml:21:15: error: wine-route: $.spec.modelDeployments[0].mdName: ModelDeployment 'wine' is invalid "
                        + "(see " + dir + "/team/wine.yaml:2:5)",
                dir + "/other/again.yaml:2:5: error: wine: $.id: duplicate id 'wine': also defined at " + dir + "/team/wine.yaml:2:5");
        assertThat(err.toString()).isEqualTo("3 errors in 2 of 2 files\n");
    }

    @Test
    void showDefaultsPrintsValidManifestsAsYamlAndFindingsOnStandardError() throws IOException {
        addBrokenFile();

        int exit = run("--show-defaults", dir);

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("""
                ---
                kind: ModelDeployment
                id: wine
                spec:
                  predictor: odahu-ml-server
                  image: registry.example.com/wine:1
                  resources:
                    requests:
                      cpu: "1"
                      memory: 1Gi
                    limits:
                      cpu: "1"
                      memory: 1Gi
                  minReplicas: 0
                  maxReplicas: 1
                  livenessProbeInitialDelay: 2
                  readinessProbeInitialDelay: 2
                  roleName: role-wine
                  model:
                    name: wine
                    version: "1.10"
                ---
                kind: ModelRoute
                id: wine-route
                spec:
                  urlPrefix: /custom/wine
                  modelDeployments:
                  - mdName: wine
                """);
        assertThat(err.toString().lines()).containsExactly(
                dir + "/broken.yaml:4:14: error: broken: $.spec.predictor: unknown value 'tritn' "
                        + "(expected one of: odahu-ml-server, triton); did you mean 'triton'?",
                dir + "/broken.yaml:6:3: error: broken: $.spec.minReplica: unknown field 'minReplica'; did you mean 'minReplicas'?",
                "2 errors in 1 of 2 files");
        List<JsonNode> documents = new YAMLMapper(new YAMLFactory()).readValues(
                new YAMLFactory().createParser(out.toString()), JsonNode.class).readAll();
        assertThat(documents).extracting(d -> d.path("id").asText()).containsExactly("wine", "wine-route");
    }

    @Test
    void showDefaultsWithJsonPrintsAnArray() throws IOException {
        int exit = run("--show-defaults", "--format", "json", dir + "/team/wine.yaml");

        assertThat(exit).isZero();
        ArrayNode manifests = (ArrayNode) new ObjectMapper().readTree(out.toString());
        assertThat(manifests).hasSize(2);
        assertThat(manifests.get(0).at("/spec/resources/requests/memory").asText()).isEqualTo("1Gi");
        assertThat(manifests.get(0).at("/spec/roleName").asText()).isEqualTo("role-wine");
        assertThat(manifests.get(1).at("/spec/modelDeployments/0/mdName").asText()).isEqualTo("wine");
        assertThat(err.toString()).isEqualTo("no errors in 1 file\n");
    }

    @Test
    void missingPathIsAUsageError() {
        int exit = run();

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'PATH'");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void nonexistentPathIsAUsageError() {
        int exit = run(dir + "/nope");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("path does not exist: " + dir + "/nope\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unknownFormatIsAUsageError() {
        assertThat(run("--format", "xml", dir)).isEqualTo(2);
        assertThat(err.toString()).contains("--format");
    }
}
