package dev.modeldeploy.manifest.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldPathTest {

    @Test
    void printsAsJsonPathQuotingNamesThatAreNotIdentifiers() {
        assertThat(FieldPath.ROOT.toJsonPath()).isEqualTo("$");
        assertThat(FieldPath.of("spec", "modelDeployments", 1, "weight").toJsonPath()).isEqualTo("$.spec.modelDeployments[1].weight");
        assertThat(FieldPath.of("spec", "annotations", "example.com/x").toJsonPath()).isEqualTo("$.spec.annotations['example.com/x']");
        assertThat(FieldPath.of("a", "it's").toJsonPath()).isEqualTo("$.a['it\\'s']");
    }

    @Test
    void knowsItsParentAndWhatItContains() {
        FieldPath weight = FieldPath.of("spec", "modelDeployments", 0, "weight");
        assertThat(weight.parent()).isEqualTo(FieldPath.of("spec", "modelDeployments", 0));
        assertThat(weight.startsWith(FieldPath.of("spec", "modelDeployments"))).isTrue();
        assertThat(weight.startsWith(FieldPath.ROOT)).isTrue();
        assertThat(FieldPath.of("spec").startsWith(weight)).isFalse();
        assertThat(FieldPath.ROOT.parent()).isEqualTo(FieldPath.ROOT);
        assertThat(weight.last()).isEqualTo("weight");
    }
}
