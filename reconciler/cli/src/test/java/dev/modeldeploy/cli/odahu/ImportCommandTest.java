package dev.modeldeploy.cli.odahu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modeldeploy.cli.ModeldeployCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code modeldeploy import} against {@link FakeOdahuServer}, which answers as odahu-flow 1.6.1's swagger.yaml
 * describes (definitions ModelDeployment, ModelDeploymentSpec, ModelDeploymentStatus, ResourceRequirements,
 * ResourceList, ModelRoute, ModelRouteSpec, ModelDeploymentTarget, ModelRouteStatus, HTTPResult; paths
 * /api/v1/model/deployment and /api/v1/model/route with page and size).
 */
class ImportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtaWdyYXRpb24ifQ.c2lnbmF0dXJl";

    @TempDir
    Path dir;

    private FakeOdahuServer odahu;
    private Path tokenFile;
    private Path out;
    private final StringWriter stdout = new StringWriter();
    private final StringWriter stderr = new StringWriter();

    @BeforeEach
    void startOdahu() throws IOException {
        List<JsonNode> deployments = new ArrayList<>();
        deployments.add(json("""
                {"id": "wine", "createdAt": "2021-03-04T10:00:00.123456Z", "updatedAt": "2021-03-04T10:05:00Z",
                 "spec": {"image": "gcr.io/project/wine:1.0", "predictor": "odahu-ml-server",
                          "resources": {"limits": {"gpu": "", "cpu": "2", "memory": "2Gi"},
                                        "requests": {"gpu": "", "cpu": "1", "memory": "1Gi"}},
                          "annotations": {"sidecar.istio.io/inject": "true"},
                          "minReplicas": 1, "maxReplicas": 2, "livenessProbeInitialDelay": 10, "readinessProbeInitialDelay": 10,
                          "roleName": "role-wine", "imagePullConnID": "docker-ci",
                          "nodeSelector": {"mode": "odahu-flow-deployment"}},
                 "status": {"state": "Ready", "deployment": "wine", "hostHeader": "wine.odahu-flow-deployment.svc.cluster.local",
                            "availableReplicas": 1, "replicas": 1, "lastUpdatedTime": "2021-03-04T10:05:00Z",
                            "modelName": "wine", "modelVersion": "1.0"}}
                """));
        deployments.add(json("""
                {"id": "wine-v2", "createdAt": "2021-03-05T10:00:00Z", "updatedAt": "2021-03-05T10:00:00Z",
                 "spec": {"image": "gcr.io/project/wine:2.0", "predictor": "odahu-ml-server", "resources": null,
                          "minReplicas": 0, "maxReplicas": 1, "livenessProbeInitialDelay": 2, "readinessProbeInitialDelay": 2,
                          "roleName": "role-wine-v2", "imagePullConnID": "", "futureField": {"enabled": true}},
                 "status": {"state": "Processing", "availableReplicas": 0, "replicas": 0}}
                """));
        for (int i = 1; i <= 5; i++) {
            deployments.add(json("""
                    {"id": "triton-%d", "createdAt": "2021-03-06T10:00:00Z", "updatedAt": "2021-03-06T10:00:00Z",
                     "spec": {"image": "gcr.io/project/triton:%d", "predictor": "triton",
                              "resources": {"limits": {"gpu": "1", "cpu": "4", "memory": "8Gi"}, "requests": {"cpu": "2", "memory": "4Gi"}},
                              "minReplicas": 1, "maxReplicas": 1, "livenessProbeInitialDelay": 2, "readinessProbeInitialDelay": 2,
                              "roleName": "role-triton-%d", "imagePullConnID": "docker-ci"},
                     "status": {"state": "Ready", "availableReplicas": 1, "replicas": 1}}
                    """.formatted(i, i, i)));
        }
        List<JsonNode> routes = new ArrayList<>();
        for (JsonNode deployment : deployments) {
            String id = deployment.get("id").asText();
            routes.add(json("""
                    {"id": "%s-3f2a1", "default": true, "createdAt": "2021-03-04T10:00:00Z", "updatedAt": "2021-03-04T10:00:00Z",
                     "spec": {"urlPrefix": "/model/%s", "modelDeployments": [{"mdName": "%s", "weight": 100}]},
                     "status": {"edgeUrl": "https://odahu.example.com/model/%s", "state": "Ready"}}
                    """.formatted(id, id, id, id)));
        }
        routes.add(json("""
                {"id": "wine-canary", "createdAt": "2021-03-05T11:00:00Z", "updatedAt": "2021-03-05T11:00:00Z",
                 "spec": {"urlPrefix": "/custom/wine", "mirror": "triton-1",
                          "modelDeployments": [{"mdName": "wine", "weight": 90}, {"mdName": "wine-v2", "weight": 10}]},
                 "status": {"edgeUrl": "https://odahu.example.com/custom/wine", "state": "Ready"}}
                """));
        routes.add(json("""
                {"id": "old-route", "deletionMark": true, "createdAt": "2021-01-01T00:00:00Z", "updatedAt": "2021-03-07T00:00:00Z",
                 "spec": {"urlPrefix": "/custom/old", "modelDeployments": [{"mdName": "wine"}]},
                 "status": {"state": "Deleting"}}
                """));
        odahu = new FakeOdahuServer(TOKEN, deployments, routes);
        tokenFile = Files.writeString(dir.resolve("odahu-token"), TOKEN + "\n");
        out = dir.resolve("repo/deployments/odahu");
    }

    @AfterEach
    void stopOdahu() {
        odahu.close();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private int run(String... args) {
        CommandLine cli = ModeldeployCommand.newCommandLine();
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(stderr, true));
        return cli.execute(args);
    }

    private int importAll(String... extra) {
        List<String> args = new ArrayList<>(List.of("import", "--odahu-url", odahu.url() + "/", "--token-file",
                tokenFile.toString(), "--out", out.toString(), "--page-size", "3"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private List<String> filesWritten() throws IOException {
        if (!Files.exists(out)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(out)) {
            return files.filter(Files::isRegularFile).map(f -> out.relativize(f).toString()).sorted().toList();
        }
    }

    @Test
    void writesOneManifestPerIdWithoutWhatTheServerSetAndValidateAcceptsThemUnchanged() throws IOException {
        int exit = importAll();

        assertThat(exit).as(stderr.toString()).isZero();
        assertThat(filesWritten()).containsExactly("models/triton-1.yaml", "models/triton-2.yaml", "models/triton-3.yaml",
                "models/triton-4.yaml", "models/triton-5.yaml", "models/wine-v2.yaml", "models/wine.yaml", "routes/wine-canary.yaml");
        assertThat(Files.readString(out.resolve("models/wine.yaml"))).isEqualTo("""
                kind: ModelDeployment
                id: wine
                spec:
                  image: gcr.io/project/wine:1.0
                  predictor: odahu-ml-server
                  resources:
                    limits:
                      cpu: "2"
                      memory: 2Gi
                    requests:
                      cpu: "1"
                      memory: 1Gi
                  annotations:
                    sidecar.istio.io/inject: "true"
                  minReplicas: 1
                  maxReplicas: 2
                  livenessProbeInitialDelay: 10
                  readinessProbeInitialDelay: 10
                  roleName: role-wine
                  imagePullConnID: docker-ci
                  nodeSelector:
                    mode: odahu-flow-deployment
                """);
        assertThat(Files.readString(out.resolve("models/wine-v2.yaml"))).isEqualTo("""
                kind: ModelDeployment
                id: wine-v2
                spec:
                  image: gcr.io/project/wine:2.0
                  predictor: odahu-ml-server
                  minReplicas: 0
                  maxReplicas: 1
                  livenessProbeInitialDelay: 2
                  readinessProbeInitialDelay: 2
                  roleName: role-wine-v2
                """);
        assertThat(Files.readString(out.resolve("routes/wine-canary.yaml"))).isEqualTo("""
                kind: ModelRoute
                id: wine-canary
                spec:
                  urlPrefix: /custom/wine
                  mirror: triton-1
                  modelDeployments:
                  - mdName: wine
                    weight: 90
                  - mdName: wine-v2
                    weight: 10
                """);
        assertThat(stdout.toString()).contains("wrote " + out.resolve("models/wine.yaml"))
                .contains("imported 7 of 7 ModelDeployments and 1 of 9 ModelRoutes from " + odahu.url() + " into " + out);
        assertThat(stderr.toString().lines()).contains(
                "note: ModelDeployment wine-v2: left out spec.futureField: modeldeploy's ModelDeployment has no such field",
                "skipped: ModelRoute wine-3f2a1: ODAHU's default route of deployment wine (modeldeploy serves /model/<id>/ "
                        + "for every deployment itself)",
                "skipped: ModelRoute old-route: ODAHU is deleting it",
                "note: imagePullConnID names a docker-registry Secret in the cluster namespace modeldeploy deploys to "
                        + "(not an ODAHU Connection); create: docker-ci");
        assertThat(stderr.toString().lines().filter(l -> l.contains("default route"))).hasSize(7);
        assertThat(stdout + stderr.toString()).doesNotContain(TOKEN);

        // pages of 3 from 0 until a short page, each with the token
        assertThat(odahu.requests()).containsExactly(
                "/api/v1/model/deployment?page=0&size=3", "/api/v1/model/deployment?page=1&size=3",
                "/api/v1/model/deployment?page=2&size=3",
                "/api/v1/model/route?page=0&size=3", "/api/v1/model/route?page=1&size=3",
                "/api/v1/model/route?page=2&size=3", "/api/v1/model/route?page=3&size=3");
        assertThat(odahu.authorizations()).containsOnly("Bearer " + TOKEN);

        StringWriter validated = new StringWriter();
        StringWriter summary = new StringWriter();
        CommandLine validate = ModeldeployCommand.newCommandLine();
        validate.setOut(new PrintWriter(validated, true));
        validate.setErr(new PrintWriter(summary, true));
        assertThat(validate.execute("validate", out.toString())).as(validated.toString()).isZero();
        assertThat(validated.toString()).isEmpty();
        assertThat(summary.toString()).isEqualTo("no errors in 8 files\n");
    }

    @Test
    void aServerThatIgnoresPagingIsReadOnce() throws IOException {
        odahu.ignorePaging();

        assertThat(importAll()).as(stderr.toString()).isZero();

        assertThat(filesWritten()).hasSize(8);
        assertThat(odahu.requests()).containsExactly(
                "/api/v1/model/deployment?page=0&size=3", "/api/v1/model/route?page=0&size=3");
    }

    @Test
    void anExpiredTokenStopsBeforeWritingAndSaysWhatToDo() throws IOException {
        odahu.expireToken();

        int exit = importAll();

        assertThat(exit).isEqualTo(1);
        assertThat(stderr.toString()).isEqualTo("error: ODAHU at " + odahu.url() + " rejected the token (HTTP 401: Jwt is "
                + "expired); it may have expired: log in again (odahuflowctl login) and write the new token to the --token-file\n");
        assertThat(stdout + stderr.toString()).doesNotContain(TOKEN);
        assertThat(filesWritten()).isEmpty();
    }

    @Test
    void withoutATokenOdahuAsksForOne() throws IOException {
        int exit = run("import", "--odahu-url", odahu.url(), "--out", out.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(stderr.toString()).isEqualTo("error: ODAHU at " + odahu.url() + " requires a token (HTTP 401: Jwt is "
                + "missing); pass one with --token-file FILE\n");
        assertThat(filesWritten()).isEmpty();
    }

    @Test
    void anUnreachableServerIsReportedAndNothingIsWritten() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int exit = run("import", "--odahu-url", "http://127.0.0.1:" + port, "--token-file", tokenFile.toString(),
                "--out", out.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(stderr.toString()).isEqualTo("error: cannot reach ODAHU at http://127.0.0.1:" + port
                + ": connection refused; check --odahu-url\n");
        assertThat(filesWritten()).isEmpty();
    }

    @Test
    void anHttpResultErrorIsRelayedWithItsMessage() throws IOException {
        odahu.failWith(500, "pq: connection to database refused");

        assertThat(importAll()).isEqualTo(1);

        assertThat(stderr.toString()).isEqualTo("error: ODAHU at " + odahu.url() + " answered GET "
                + "/api/v1/model/deployment?page=0&size=3 with HTTP 500: pq: connection to database refused\n");
        assertThat(filesWritten()).isEmpty();
    }

    @Test
    void existingManifestsAreNotReplacedWithoutOverwrite() throws IOException {
        Files.createDirectories(out.resolve("models"));
        Files.writeString(out.resolve("models/wine.yaml"), "# edited by hand\n");

        assertThat(importAll()).isEqualTo(1);
        assertThat(stderr.toString()).startsWith("error: not replacing what is already there (" + out.resolve("models/wine.yaml")
                + "); nothing was written");
        assertThat(filesWritten()).containsExactly("models/wine.yaml");

        stderr.getBuffer().setLength(0);
        assertThat(importAll("--overwrite")).as(stderr.toString()).isZero();
        assertThat(Files.readString(out.resolve("models/wine.yaml"))).startsWith("kind: ModelDeployment\nid: wine\n");
    }

    @Test
    void whatCannotBeValidatedIsWrittenAndReportedWithPositions() throws IOException {
        odahu.close();
        odahu = new FakeOdahuServer(TOKEN, List.of(json("""
                {"id": "big", "spec": {"image": "gcr.io/project/big:1", "predictor": "odahu-ml-server",
                 "resources": {"requests": {"cpu": "2"}}}}
                """)), List.of());

        int exit = importAll();

        assertThat(exit).isEqualTo(1);
        assertThat(filesWritten()).containsExactly("models/big.yaml");
        assertThat(stderr.toString().lines()).containsExactly(
                out + "/models/big.yaml:8:12: error: big: $.spec.resources.requests.cpu: cpu request 2 is above the default "
                        + "limit 250m; set resources.limits.cpu too",
                "1 error in 1 of 1 file; fix them in " + out + " before committing");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("import", "--odahu-url", "ftp://odahu.example.com", "--out", out.toString())).isEqualTo(2);
        assertThat(run("import", "--odahu-url", "https://user:secret@odahu.example.com", "--out", out.toString())).isEqualTo(2);
        assertThat(run("import", "--odahu-url", odahu.url())).isEqualTo(2);
        assertThat(run("import", "--odahu-url", odahu.url(), "--out", out.toString(), "--page-size", "0")).isEqualTo(2);
        assertThat(stderr.toString()).contains("--odahu-url must be an http:// or https:// URL")
                .contains("must not hold credentials").contains("Missing required option: '--out=DIR'")
                .doesNotContain("secret");
    }
}
