package dev.modeldeploy.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreeWayDiffTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return M.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void nothingToDoWhenLiveHoldsWhatGitSetsPlusOthersFields() {
        JsonNode last = json("{'spec':{'a':1,'list':[{'name':'x','image':'i'}]}}");
        JsonNode desired = json("{'spec':{'a':1,'list':[{'name':'x','image':'i'}]}}");
        JsonNode live = json("{'spec':{'a':1.0,'b':2,'list':[{'name':'x','image':'i','defaulted':true}]},"
                + "'status':{'ready':true},'metadata':{'uid':'u'}}");

        assertThat(ThreeWayDiff.compute(last, desired, live).isEmpty()).isTrue();
    }

    @Test
    void setsBackDriftedFieldsAndNamesThemAsDrift() {
        JsonNode last = json("{'spec':{'a':1,'b':{'c':'x'}}}");
        JsonNode desired = json("{'spec':{'a':1,'b':{'c':'x'}}}");
        JsonNode live = json("{'spec':{'a':7,'b':{'c':'x','d':'theirs'}}}");

        ObjectDiff diff = ThreeWayDiff.compute(last, desired, live);

        assertThat(diff.patch()).isEqualTo(json("{'spec':{'a':1}}"));
        assertThat(diff.driftedFields()).containsExactly("spec.a");
        assertThat(diff.changedFields()).isEmpty();
    }

    @Test
    void removesFieldsWeNoLongerSetButNotFieldsWeNeverSet() {
        JsonNode last = json("{'spec':{'a':1,'gone':2}}");
        JsonNode desired = json("{'spec':{'a':1}}");
        JsonNode live = json("{'spec':{'a':1,'gone':2,'theirs':3}}");

        ObjectDiff diff = ThreeWayDiff.compute(last, desired, live);

        assertThat(diff.patch().toString()).isEqualTo("{\"spec\":{\"gone\":null}}");
        assertThat(diff.changedFields()).containsExactly("spec.gone (removed)");
        assertThat(applyMergePatch(live, diff.patch())).isEqualTo(json("{'spec':{'a':1,'theirs':3}}"));
    }

    @Test
    void replacesAListWholeWhenAnItemChangesOrLosesAFieldWeSet() {
        JsonNode last = json("{'l':[{'name':'x','env':'1'}]}");
        JsonNode desired = json("{'l':[{'name':'x'}]}");
        JsonNode live = json("{'l':[{'name':'x','env':'1','defaulted':0}]}");

        ObjectDiff diff = ThreeWayDiff.compute(last, desired, live);

        assertThat(diff.patch()).isEqualTo(json("{'l':[{'name':'x'}]}"));
        assertThat(diff.changedFields()).containsExactly("l");
    }

    @Test
    void withoutLastAppliedFieldsAreOnlySetNeverRemoved() {
        JsonNode desired = json("{'spec':{'a':1}}");
        JsonNode live = json("{'spec':{'a':2,'other':3}}");

        ObjectDiff diff = ThreeWayDiff.compute(null, desired, live);

        assertThat(diff.patch()).isEqualTo(json("{'spec':{'a':1}}"));
        assertThat(diff.changedFields()).containsExactly("spec.a");
    }

    @Test
    void aSecretsValuesAreHashedInTheAnnotationAndStillCompareEqual() {
        ObjectNode secret = (ObjectNode) json("{'apiVersion':'v1','kind':'Secret','metadata':{'name':'s'},"
                + "'stringData':{'token':'hunter2'}}");
        DesiredObject desired = DesiredObject.of(secret);

        String annotation = desired.body().path("metadata").path("annotations").path(LastApplied.ANNOTATION).asText();
        assertThat(annotation).doesNotContain("hunter2").doesNotContain("aHVudGVyMg==").contains("sha256:");
        assertThat(desired.body().path("data").path("token").asText()).isEqualTo("aHVudGVyMg==");
        assertThat(desired.body().has("stringData")).isFalse();

        JsonNode live = desired.body();
        JsonNode last = LastApplied.read(live, desired.withoutAnnotation());
        assertThat(ThreeWayDiff.compute(last, desired.body(), live).isEmpty()).isTrue();
    }

    @Test
    void aConfigMapsDataIsHashedSoTheAnnotationStaysSmall() {
        String document = "{\"openapi\":\"3.0.0\"}".repeat(1000);
        ObjectNode configMap = (ObjectNode) json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'}}");
        configMap.putObject("data").put("openapi.json", document).put("gone", "x");
        DesiredObject before = DesiredObject.of(configMap);
        assertThat(before.annotation()).hasSizeLessThan(300).doesNotContain("openapi\\\"");

        ((ObjectNode) configMap.get("data")).remove("gone");
        DesiredObject after = DesiredObject.of(configMap);
        JsonNode live = before.body();
        ObjectDiff diff = ThreeWayDiff.compute(LastApplied.read(live, after), after.body(), live);

        assertThat(diff.changedFields()).containsExactly("data.gone (removed)");
        assertThat(diff.driftedFields()).isEmpty();
    }

    @Test
    void theAnnotationIsStableWhateverTheKeyOrder() {
        DesiredObject a = DesiredObject.of((ObjectNode) json("{'kind':'ConfigMap','apiVersion':'v1','metadata':{'name':'n'},'data':{'x':'1','y':'2'}}"));
        DesiredObject b = DesiredObject.of((ObjectNode) json("{'data':{'y':'2','x':'1'},'metadata':{'name':'n'},'apiVersion':'v1','kind':'ConfigMap'}"));

        assertThat(a.body().toString()).isEqualTo(b.body().toString());
    }

    /** RFC 7386 applied as the API server would, written apart from the engine's code so it checks, not echoes, it. */
    private static JsonNode applyMergePatch(JsonNode target, JsonNode patch) {
        return M.valueToTree(mergePatch(M.convertValue(target, Object.class), M.convertValue(patch, Object.class)));
    }

    @SuppressWarnings("unchecked")
    private static Object mergePatch(Object target, Object patch) {
        if (!(patch instanceof Map)) {
            return patch;
        }
        Map<String, Object> result = target instanceof Map
                ? new LinkedHashMap<>((Map<String, Object>) target) : new LinkedHashMap<>();
        ((Map<String, Object>) patch).forEach((key, value) -> {
            if (value == null) {
                result.remove(key);
            } else {
                result.put(key, mergePatch(result.get(key), value));
            }
        });
        return result;
    }
}
