package dev.modeldeploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every ModelDeployment rule, with the exact place and message of each finding (fixtures in deployment/). */
class DeploymentRulesTest {
    private static final String ID_RULE = "an id must be at most 63 characters of lowercase letters, digits or '-', "
            + "start with a letter and end with a letter or digit";
    private static final String NAME_PART = "letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

    @Test
    void idMustBeAShortLowercaseDnsLabel() {
        ManifestSet set = Fixtures.load("deployment/id.yaml");

        assertThat(Fixtures.lines(set)).containsExactly(
                "id.yaml:2:5: error: Wine_1: $.id: " + ID_RULE,
                "id.yaml:8:5: error: a123456789b123456789c123456789d123456789e123456789f123456789g123: $.id: " + ID_RULE,
                "id.yaml:14:5: error: wine-: $.id: " + ID_RULE,
                "id.yaml:20:5: error: 1wine: $.id: " + ID_RULE);
        // 63 characters is the most allowed
        assertThat(set.deployments()).extracting(ModelDeployment::id)
                .containsExactly("a23456789b123456789c123456789d123456789e123456789f123456789g123");
        assertThat(set.failedFiles()).containsExactly("id.yaml");
        assertThat(set.findings().get(0).kind()).isEqualTo("ModelDeployment");
        assertThat(set.findings().get(0).id()).isEqualTo("Wine_1");
        assertThat(set.findings().get(0).jsonPath()).isEqualTo("$.id");
    }

    @Test
    void unknownPredictorSuggestsTheClosestOne() {
        assertThat(Fixtures.lines(Fixtures.load("deployment/predictor.yaml"))).containsExactly(
                "predictor.yaml:4:14: error: wine: $.spec.predictor: unknown value 'tritn' "
                        + "(expected one of: odahu-ml-server, triton); did you mean 'triton'?",
                "predictor.yaml:10:14: error: wine-2: $.spec.predictor: unknown value 'tensorflow' "
                        + "(expected one of: odahu-ml-server, triton)");
    }

    @Test
    void missingRequiredFieldIsReportedAtTheEnclosingMapping() {
        assertThat(Fixtures.lines(Fixtures.load("deployment/required.yaml"))).containsExactly(
                "required.yaml:4:3: error: wine: $.spec.image: missing required field 'image'",
                "required.yaml:7:1: error: no-spec: $.spec: missing required field 'spec'");
    }

    @Test
    void unknownFieldsAreReportedAtTheirKeyWithASuggestionWhenOneIsClose() {
        assertThat(Fixtures.lines(Fixtures.load("deployment/unknown-fields.yaml"))).containsExactly(
                "unknown-fields.yaml:6:3: error: wine: $.spec.minReplica: unknown field 'minReplica'; did you mean 'minReplicas'?",
                "unknown-fields.yaml:9:7: error: wine: $.spec.resources.limits.cpus: unknown field 'cpus'; did you mean 'cpu'?",
                "unknown-fields.yaml:10:3: error: wine: $.spec.colour: unknown field 'colour' (known fields: predictor, image, "
                        + "imagePullConnID, resources, minReplicas, maxReplicas, livenessProbeInitialDelay, "
                        + "readinessProbeInitialDelay, roleName, nodeSelector, annotations, model, examples)",
                "unknown-fields.yaml:11:1: error: wine: $.status: unknown field 'status' (known fields: kind, id, spec)");
    }

    @Test
    void replicaCountsAndProbeDelaysAreBounded() {
        assertThat(Fixtures.lines(Fixtures.load("deployment/replicas.yaml"))).containsExactly(
                "replicas.yaml:6:16: error: negative-min: $.spec.minReplicas: must be at least 0 (is -1)",
                "replicas.yaml:13:16: error: zero-max: $.spec.maxReplicas: must be at least 1 (is 0)",
                "replicas.yaml:21:16: error: max-below-min: $.spec.maxReplicas: maxReplicas 2 is below minReplicas 3",
                "replicas.yaml:28:30: error: negative-probes: $.spec.livenessProbeInitialDelay: must be at least 0 (is -5)",
                "replicas.yaml:29:31: error: negative-probes: $.spec.readinessProbeInitialDelay: must be at least 0 (is -1)",
                "replicas.yaml:35:9: error: wrong-types: $.spec.image: expected text, got nothing",
                "replicas.yaml:36:16: error: wrong-types: $.spec.minReplicas: expected a whole number, got text 'two'",
                "replicas.yaml:37:16: error: wrong-types: $.spec.maxReplicas: expected a whole number, got the number 1.5");
    }

    @Test
    void quantitiesParseAndLimitsAreAtLeastTheRequestsIncludingDefaults() {
        assertThat(Fixtures.lines(Fixtures.load("deployment/quantities.yaml"))).containsExactly(
                "quantities.yaml:8:15: error: bad-suffix: $.spec.resources.limits.memory: '1Gb' is not a quantity: unknown suffix 'Gb' "
                        + "(binary: Ki, Mi, Gi, Ti, Pi, Ei; decimal: n, u, m, k, M, G, T, P, E)",
                "quantities.yaml:17:12: error: negative-cpu: $.spec.resources.requests.cpu: cpu must not be negative",
                "quantities.yaml:26:12: error: half-gpu: $.spec.resources.limits.gpu: gpu must be a whole number of GPUs",
                "quantities.yaml:39:12: error: limit-below-request: $.spec.resources.limits.cpu: cpu limit 1500m is below the request 2",
                "quantities.yaml:41:12: error: limit-below-request: $.spec.resources.limits.gpu: gpu limit 1 is below the request 2",
                "quantities.yaml:50:15: error: request-above-default: $.spec.resources.requests.memory: memory request 1Gi is above "
                        + "the default limit 256Mi; set resources.limits.memory too",
                "quantities.yaml:59:12: error: limit-below-default-request: $.spec.resources.limits.cpu: cpu limit 100m is below "
                        + "the default request 125m",
                "quantities.yaml:68:12: error: not-a-number: $.spec.resources.requests.cpu: 'lots' is not a quantity: it must start "
                        + "with a number, as in 500m, 1.5 or 2Gi",
                "quantities.yaml:69:15: error: not-a-number: $.spec.resources.requests.memory: '1e999' is not a quantity: exponent "
                        + "'e999' is not a whole number between -100 and 100");
    }

    @Test
    void anEmptyQuantityMeansNotSetAsInOdahu() {
        ManifestSet set = Fixtures.load("deployment/empty-quantities.yaml");

        // an empty request still counts with its default, so a limit below that default is reported
        assertThat(Fixtures.lines(set)).containsExactly(
                "empty-quantities.yaml:39:12: error: empty-request-keeps-default: $.spec.resources.limits.cpu: cpu limit 100m "
                        + "is below the default request 125m");
        assertThat(set.deployments()).extracting(ModelDeployment::id).containsExactly("no-gpu", "all-empty");
        assertThat(set.deployments().get(0).spec().resources()).isEqualTo(new Resources(
                new ResourceList("1", "1Gi", null), new ResourceList("2", "2Gi", null)));
        assertThat(set.deployments().get(1).spec().resources()).isEqualTo(new Resources(
                new ResourceList("125m", "128Mi", null), new ResourceList("250m", "256Mi", null)));
    }

    @Test
    void roleNameNodeSelectorAndAnnotationsFollowKubernetesLabelSyntax() {
        assertThat(Fixtures.lines(Fixtures.load("deployment/labels.yaml"))).containsExactly(
                "labels.yaml:6:13: error: wine: $.spec.roleName: roleName '-admins' is not a valid label value: use " + NAME_PART,
                "labels.yaml:8:5: error: wine: $.spec.nodeSelector['Node Pool']: 'Node Pool' is not a valid label key: "
                        + "the name must be 1 to 63 " + NAME_PART,
                "labels.yaml:9:23: error: wine: $.spec.nodeSelector['example.com/tier']: 'front end' is not a valid label value: use "
                        + NAME_PART,
                "labels.yaml:10:5: error: wine: $.spec.nodeSelector['UPPER.example.com/x']: 'UPPER.example.com/x' is not a valid "
                        + "label key: the prefix before '/' must be a lowercase DNS subdomain of at most 253 characters, such as example.com",
                "labels.yaml:13:5: error: wine: $.spec.annotations['bad key']: 'bad key' is not a valid annotation key: "
                        + "the name must be 1 to 63 " + NAME_PART);
    }

    @Test
    void modelNameVersionAndExamplesAreChecked() {
        assertThat(Fixtures.lines(Fixtures.load("deployment/model-and-examples.yaml"))).containsExactly(
                "model-and-examples.yaml:7:11: error: wine: $.spec.model.name: a model name must not contain '/' or whitespace "
                        + "(it becomes part of storage paths)",
                "model-and-examples.yaml:8:14: error: wine: $.spec.model.version: a model version must not contain '/' or whitespace "
                        + "(it becomes part of storage paths)",
                "model-and-examples.yaml:9:5: error: wine: $.spec.model.owner: unknown field 'owner' (known fields: name, version)",
                "model-and-examples.yaml:11:7: error: wine: $.spec.examples[0].request: missing required field 'request'",
                "model-and-examples.yaml:13:7: error: wine: $.spec.examples[1].name: missing required field 'name'");
    }

    @Test
    void everyOptionalFieldIsReadAndDefaultsFillTheRest() throws Exception {
        ManifestSet set = Fixtures.load("deployment/valid-variety.yaml");

        assertThat(set.findings()).isEmpty();
        ModelDeployment full = set.deployments().get(0);
        assertThat(full.source()).isEqualTo(new SourceLocation("valid-variety.yaml", 2, 1));
        DeploymentSpec spec = full.spec();
        assertThat(spec.imagePullConnID()).isEqualTo("private-registry");
        // numbers keep the text they were written with; a partial section keeps the defaults of what it leaves out
        assertThat(spec.resources()).isEqualTo(new Resources(new ResourceList("0.5", "128Mi", null), new ResourceList("1", "1.5Gi", "1")));
        assertThat(spec.minReplicas()).isEqualTo(2);
        assertThat(spec.maxReplicas()).isEqualTo(2);
        assertThat(spec.livenessProbeInitialDelay()).isZero();
        assertThat(spec.readinessProbeInitialDelay()).isEqualTo(10);
        assertThat(spec.roleName()).isEqualTo("data-science_team.a");
        assertThat(spec.nodeSelector()).containsExactly(
                org.assertj.core.api.Assertions.entry("cloud.google.com/gke-nodepool", "gpu"),
                org.assertj.core.api.Assertions.entry("mode", ""));
        assertThat(spec.annotations()).containsExactly(org.assertj.core.api.Assertions.entry("autoscaling.knative.dev/target", "10"));
        assertThat(spec.model()).isEqualTo(new ModelInfo("wine-quality", "1.10"));
        // YAML floats become exact decimals, so compare with a reader that does the same
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        assertThat(spec.examples()).containsExactly(
                new ApiExample("typical", json.readTree("{\"columns\": [\"a\", \"b\"], \"data\": [[1, 2.5]]}"),
                        json.readTree("{\"prediction\": [6.0]}")),
                new ApiExample("no response", json.readTree("[1, 2]"), null));

        ModelDeployment minimal = set.deployments().get(1);
        assertThat(minimal.spec().minReplicas()).isEqualTo(3);
        assertThat(minimal.spec().maxReplicas()).isEqualTo(3);
        assertThat(minimal.spec().model()).isEqualTo(new ModelInfo("minimal", "2"));
        assertThat(minimal.spec().resources()).isEqualTo(new Resources(
                new ResourceList("125m", "128Mi", null), new ResourceList("250m", "256Mi", null)));
        assertThat(List.of(minimal.spec().predictor(), full.spec().predictor())).containsExactly(Predictor.TRITON, Predictor.ODAHU_ML_SERVER);
    }
}
