package dev.modeldeploy.manifest.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> FIELDS = List.of("predictor", "image", "imagePullConnID", "resources", "minReplicas",
            "maxReplicas", "livenessProbeInitialDelay", "readinessProbeInitialDelay", "roleName", "nodeSelector", "annotations");

    @Test
    void suggestsTyposTranspositionsAndCaseSlips() {
        assertThat(Suggestions.closest("minReplica", FIELDS)).contains("minReplicas");
        assertThat(Suggestions.closest("predicotr", FIELDS)).contains("predictor");
        assertThat(Suggestions.closest("MaxReplicas", FIELDS)).contains("maxReplicas");
        assertThat(Suggestions.closest("imagePullConnId", FIELDS)).contains("imagePullConnID");
        assertThat(Suggestions.closest("nodeselector", FIELDS)).contains("nodeSelector");
        assertThat(Suggestions.closest("tritn", List.of("odahu-ml-server", "triton"))).contains("triton");
        assertThat(Suggestions.closest("odahu", List.of("odahu-ml-server", "triton"))).isEmpty();
    }

    @Test
    void staysQuietWhenNothingIsClose() {
        assertThat(Suggestions.closest("colour", FIELDS)).isEmpty();
        assertThat(Suggestions.closest("img", FIELDS)).isEmpty();
        assertThat(Suggestions.closest("x", List.of("ab"))).isEmpty();
        assertThat(Suggestions.didYouMean("colour", FIELDS)).isEmpty();
        assertThat(Suggestions.didYouMean("imag", FIELDS)).isEqualTo("; did you mean 'image'?");
    }

    @Test
    void distanceCountsAnAdjacentSwapAsOneEdit() {
        assertThat(Suggestions.distance("ab", "ba")).isEqualTo(1);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    }
}
