package dev.modeldeploy.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The diff against a Knative Service as the cluster stores it after Knative's defaulting webhook (test data in
 * src/test/resources/diff/knative/, see the README there): what the webhook added is no difference, also inside the
 * containers list that Git owns, while a field Git sets that changed, or that Git stopped setting, is.
 */
class KnativeDefaultsDiffTest {
    private static final ObjectMapper M = new ObjectMapper();

    private ObjectNode rendered;
    private ObjectNode live;

    private static ObjectNode read(String name) throws IOException {
        try (InputStream in = KnativeDefaultsDiffTest.class.getResourceAsStream("/diff/knative/" + name)) {
            return (ObjectNode) M.readTree(in);
        }
    }

    @BeforeEach
    void load() throws IOException {
        rendered = read("wine-rendered.json");
        live = read("wine-live.json");
    }

    /** The live object as our create left it: the webhook keeps our last-applied annotation. */
    private ObjectNode liveAppliedFrom(DesiredObject applied) {
        ((ObjectNode) live.at("/metadata/annotations")).put(LastApplied.ANNOTATION, applied.annotation());
        return live;
    }

    private static ObjectDiff diff(DesiredObject desired, JsonNode live) {
        return ThreeWayDiff.compute(LastApplied.read(live, desired), desired.body(), live);
    }

    private static ObjectNode container(JsonNode service, int index) {
        return (ObjectNode) service.at("/spec/template/spec/containers/" + index);
    }

    @Test
    void whatTheWebhookAddedIsNoDifference() {
        DesiredObject desired = DesiredObject.of(rendered);

        assertThat(diff(desired, liveAppliedFrom(desired)).isEmpty()).isTrue();
    }

    @Test
    void withoutTheListRuleTheDefaultsInsideContainersWouldBeADifferenceEveryCycle() {
        DesiredObject desired = DesiredObject.of(rendered);
        JsonNode stored = liveAppliedFrom(desired);

        assertThat(JsonValues.same(desired.body().at("/spec/template/spec/containers"), stored.at("/spec/template/spec/containers")))
                .as("the webhook did change the containers we own").isFalse();
        assertThat(diff(desired, stored).isEmpty()).isTrue();
    }

    @Test
    void aFieldEditedInTheClusterIsSetBack() {
        DesiredObject desired = DesiredObject.of(rendered);
        ObjectNode stored = liveAppliedFrom(desired);
        ((ObjectNode) container(stored, 0).at("/resources/limits")).put("cpu", "2");

        ObjectDiff diff = diff(desired, stored);

        assertThat(diff.driftedFields()).containsExactly("spec.template.spec.containers");
        assertThat(diff.patch().at("/spec/template/spec/containers/0/resources/limits/cpu").asText()).isEqualTo("1");
        assertThat(diff.patch().at("/spec/template/spec/containers/0/resources/requests").has("ephemeral-storage"))
                .as("the list is replaced with Git's items; the webhook adds its defaults again").isFalse();
        assertThat(diff.patch().path("spec").has("traffic")).isFalse();
    }

    @Test
    void aChangeInGitIsApplied() {
        DesiredObject before = DesiredObject.of(rendered);
        ObjectNode stored = liveAppliedFrom(before);
        ((ObjectNode) container(rendered, 1).at("/readinessProbe")).put("initialDelaySeconds", 30);

        ObjectDiff diff = diff(DesiredObject.of(rendered), stored);

        assertThat(diff.changedFields()).containsExactly("spec.template.spec.containers");
        assertThat(diff.patch().at("/spec/template/spec/containers/1/readinessProbe/initialDelaySeconds").asInt()).isEqualTo(30);
    }

    @Test
    void aFieldGitStoppedSettingInsideAContainerIsRemoved() {
        DesiredObject before = DesiredObject.of(rendered);
        ObjectNode stored = liveAppliedFrom(before);
        container(rendered, 1).remove("env");

        ObjectDiff diff = diff(DesiredObject.of(rendered), stored);

        assertThat(diff.changedFields()).containsExactly("spec.template.spec.containers");
        assertThat(diff.patch().at("/spec/template/spec/containers/1").has("env")).isFalse();
        JsonNode patched = JsonValues.applyMergePatch(stored, diff.patch());
        assertThat(patched.at("/spec/template/spec/containers/1").has("env")).isFalse();
        assertThat(patched.at("/spec/template/spec/timeoutSeconds").asInt()).as("defaults outside the list stay").isEqualTo(300);
    }

    @Test
    void quantitiesTheClusterSpellsCanonicallyMatchAnOlderNonCanonicalRecord() {
        ObjectNode older = rendered.deepCopy();
        ((ObjectNode) container(older, 0).at("/resources/limits")).put("cpu", "1000m").put("memory", "1024Mi");
        ((ObjectNode) container(older, 0).at("/resources/requests")).put("cpu", "1.0").put("memory", "1048576Ki");
        ObjectNode stored = liveAppliedFrom(DesiredObject.of(older));

        ObjectDiff diff = diff(DesiredObject.of(rendered), stored);

        assertThat(diff.isEmpty()).isTrue();
    }

    @Test
    void anExtraContainerAddedInTheClusterIsRemoved() {
        DesiredObject desired = DesiredObject.of(rendered);
        ObjectNode stored = liveAppliedFrom(desired);
        ((ArrayNode) stored.at("/spec/template/spec/containers")).addObject().put("name", "sidecar").put("image", "x");

        ObjectDiff diff = diff(desired, stored);

        assertThat(diff.driftedFields()).containsExactly("spec.template.spec.containers");
        assertThat(diff.patch().at("/spec/template/spec/containers").size()).isEqualTo(2);
    }
}
