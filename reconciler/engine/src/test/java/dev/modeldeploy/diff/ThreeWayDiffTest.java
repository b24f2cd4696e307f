package dev.modeldeploy.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        assertThat(JsonValues.applyMergePatch(live, diff.patch())).isEqualTo(json("{'spec':{'a':1,'theirs':3}}"));
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

    private static String container(String cpu, String memory) {
        return "{'spec':{'template':{'spec':{'containers':[{'name':'model','image':'i',"
                + "'resources':{'limits':{'cpu':" + cpu + ",'memory':" + memory + "}}}]}}}}";
    }

    @Test
    void aQuantitySpelledDifferentlyIsTheSameValue() {
        JsonNode desired = json(container("'1000m'", "'1024Mi'"));
        JsonNode live = json(container("'1'", "'1Gi'"));

        ObjectDiff diff = ThreeWayDiff.compute(desired, desired, live);

        assertThat(diff.isEmpty()).isTrue();
        // a YAML number, 1.0 and 1 are one amount too
        assertThat(ThreeWayDiff.compute(null, json(container("'1'", "'1Gi'")), json(container("1.0", "'1073741824'"))).isEmpty()).isTrue();
    }

    @Test
    void aLastAppliedRecordWithOlderSpellingsIsNeitherDriftNorChange() {
        JsonNode olderRecord = json(container("'1000m'", "'1024Mi'"));
        JsonNode desired = json(container("'1'", "'1Gi'"));
        JsonNode live = json(container("'1'", "'1Gi'"));

        ObjectDiff diff = ThreeWayDiff.compute(olderRecord, desired, json(container("'2'", "'1Gi'")));

        assertThat(ThreeWayDiff.compute(olderRecord, desired, live).isEmpty()).isTrue();
        // the cpu drifted: Git still says the same amount, however the record spelled it
        assertThat(diff.patch()).isEqualTo(json("{'spec':{'template':{'spec':{'containers':"
                + "[{'name':'model','image':'i','resources':{'limits':{'cpu':'1','memory':'1Gi'}}}]}}}}"));
        assertThat(diff.driftedFields()).containsExactly("spec.template.spec.containers");
        assertThat(diff.changedFields()).isEmpty();
    }

    @Test
    void aDifferentAmountIsPatched() {
        JsonNode desired = json(container("'1'", "'1Gi'"));

        ObjectDiff cpu = ThreeWayDiff.compute(desired, desired, json(container("'1001m'", "'1Gi'")));
        ObjectDiff memory = ThreeWayDiff.compute(desired, desired, json(container("'1'", "'1G'")));

        assertThat(cpu.patch()).isEqualTo(json("{'spec':{'template':{'spec':{'containers':"
                + "[{'name':'model','image':'i','resources':{'limits':{'cpu':'1','memory':'1Gi'}}}]}}}}"));
        assertThat(cpu.driftedFields()).containsExactly("spec.template.spec.containers");
        assertThat(memory.isEmpty()).isFalse();
    }

    @Test
    void onlyQuantityFieldsCompareByAmount() {
        JsonNode desired = json("{'metadata':{'annotations':{'size':'1'}},'spec':{'limits':{'cpu':'1'},'sizeLimit':'1Gi'}}");
        JsonNode live = json("{'metadata':{'annotations':{'size':'1000m'}},'spec':{'limits':{'cpu':'1000m'},'sizeLimit':'1024Mi'}}");

        ObjectDiff diff = ThreeWayDiff.compute(desired, desired, live);

        // an annotation and a "limits" that is not under "resources" are plain text; emptyDir's sizeLimit is a quantity
        assertThat(diff.patch()).isEqualTo(json("{'metadata':{'annotations':{'size':'1'}},'spec':{'limits':{'cpu':'1'}}}"));
    }

    @Test
    void anAnnotationWrittenWithOlderSpellingsIsNotRewritten() {
        ObjectNode older = (ObjectNode) json("{'apiVersion':'serving.knative.dev/v1','kind':'Service','metadata':{'name':'m'},"
                + container("'1000m'", "'1024Mi'").substring(1));
        ObjectNode now = (ObjectNode) json("{'apiVersion':'serving.knative.dev/v1','kind':'Service','metadata':{'name':'m'},"
                + container("'1'", "'1Gi'").substring(1));
        DesiredObject desired = DesiredObject.of(now);
        // applied by an older version, stored by the webhook in canonical form
        ObjectNode live = DesiredObject.of(older).body().deepCopy();
        ((ObjectNode) live.at("/spec/template/spec/containers/0/resources/limits")).put("cpu", "1").put("memory", "1Gi");

        ObjectDiff diff = ThreeWayDiff.compute(LastApplied.read(live, desired), desired.body(), live);

        assertThat(desired.annotation()).isNotEqualTo(live.at("/metadata/annotations").path(LastApplied.ANNOTATION).asText());
        assertThat(diff.isEmpty()).isTrue();
    }
}
