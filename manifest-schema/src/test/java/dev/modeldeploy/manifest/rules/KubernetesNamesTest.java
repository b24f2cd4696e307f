package dev.modeldeploy.manifest.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "role-wine", "Data.Science_team-1", "a23456789b123456789c123456789d123456789e123456789f123456789g123"})
    void validLabelValues(String value) {
        assertThat(KubernetesNames.labelValueError(value)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-a", "a-", "a b", "a/b", "é", "a23456789b123456789c123456789d123456789e123456789f123456789g1234"})
    void invalidLabelValues(String value) {
        assertThat(KubernetesNames.labelValueError(value)).get().asString().startsWith("'" + value + "' is not a valid label value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mode", "cloud.google.com/gke-nodepool", "kubernetes.io/arch", "a.b-c/D_e.F", "x/y"})
    void validQualifiedNames(String key) {
        assertThat(KubernetesNames.qualifiedNameError(key, "label key")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/x", "x/", "Example.com/x", "a b", "-x", "example.com/-x", "a/b/c", "exa_mple.com/x"})
    void invalidQualifiedNames(String key) {
        assertThat(KubernetesNames.qualifiedNameError(key, "annotation key")).get().asString()
                .startsWith("'" + key + "' is not a valid annotation key");
    }
}
