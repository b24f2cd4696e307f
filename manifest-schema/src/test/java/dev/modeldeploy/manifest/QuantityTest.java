package dev.modeldeploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

    @ParameterizedTest
    @CsvSource({
            "1, 1",
            "0, 0",
            "125m, 0.125",
            "1.5, 1.5",
            ".5, 0.5",
            "2., 2",
            "+3, 3",
            "-1, -1",
            "100n, 0.0000001",
            "5u, 0.000005",
            "2k, 2000",
            "1M, 1000000",
            "1G, 1000000000",
            "1T, 1000000000000",
            "1P, 1000000000000000",
            "1E, 1000000000000000000",
            "1Ki, 1024",
            "128Mi, 134217728",
            "1.5Gi, 1610612736",
            "1Ti, 1099511627776",
            "1Pi, 1125899906842624",
            "1Ei, 1152921504606846976",
            "1e3, 1000",
            "1E3, 1000",
            "25e-2, 0.25",
            "2E+2, 200",
    })
    void parsesKubernetesQuantities(String text, String value) {
        assertThat(Quantity.parse(text)).isEqualByComparingTo(new BigDecimal(value));
        assertThat(Quantity.isValid(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Gi", "1Gb", "1gi", "1 Gi", "1.2.3", "1e", "1e1.5", "1e999", "--1", "one", "1mi", "0x10"})
    void rejectsWhatIsNotAQuantity(String text) {
        assertThat(Quantity.isValid(text)).isFalse();
        assertThatThrownBy(() -> Quantity.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quantit");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1Gb|'1Gb' is not a quantity: unknown suffix 'Gb' (binary: Ki, Mi, Gi, Ti, Pi, Ei; decimal: n, u, m, k, M, G, T, P, E)",
            "lots|'lots' is not a quantity: it must start with a number, as in 500m, 1.5 or 2Gi",
            "1e1000|'1e1000' is not a quantity: exponent 'e1000' is not a whole number between -100 and 100",
    })
    void explainsWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> Quantity.parse(text)).hasMessage(message);
    }
}
