package dev.modeldeploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {
    /** Marks an input Kubernetes' ParseQuantity rejects, in the canonical column of the conformance tables. */
    static final String INVALID = "(invalid)";

    /** Every row of the conformance tables under src/test/resources/conformance/ (see SOURCES.md there). */
    static List<Arguments> conformanceRows() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        for (String table : List.of("quantities.tsv", "quantities-more.tsv")) {
            try (InputStream in = QuantityTest.class.getResourceAsStream("/conformance/" + table)) {
                assertThat(in).as(table).isNotNull();
                List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
                assertThat(lines.get(0)).isEqualTo("type\tinput\tcanonical");
                for (String line : lines.subList(1, lines.size())) {
                    String[] columns = line.split("\t", -1);
                    assertThat(columns).as(table + ": " + line).hasSize(3);
                    assertThat(columns[0]).as(table + ": " + line).isIn("string", "number");
                    rows.add(Arguments.of(table, columns[0], columns[1], columns[2]));
                }
            }
        }
        assertThat(rows).hasSizeGreaterThan(36 + 50);
        return rows;
    }

    @ParameterizedTest(name = "{0}: {1} {2} -> {3}")
    @MethodSource("conformanceRows")
    void writesWhatKubernetesStores(String table, String type, String input, String canonical) {
        if (canonical.equals(INVALID)) {
            assertThat(Quantity.isValid(input)).isFalse();
            return;
        }
        Quantity quantity = Quantity.parse(input);
        assertThat(quantity.canonical()).isEqualTo(canonical);
        // what the server stores reads back as the same text, and as the same amount unless it is past the largest
        // suffix: resource.Quantity then drops the suffix (1000E is stored as "1")
        assertThat(Quantity.parse(canonical).canonical()).isEqualTo(canonical);
        if (quantity.value().abs().compareTo(new BigDecimal("1e21")) < 0) {
            assertThat(Quantity.parse(canonical)).isEqualTo(quantity);
        }
    }

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
            "0.1n, 0.000000001",
            "-0.00000000001, -0.000000001",
            "9Ei, 9223372036854775807",
    })
    void parsesKubernetesQuantities(String text, String value) {
        assertThat(Quantity.parse(text).value()).isEqualByComparingTo(new BigDecimal(value));
        assertThat(Quantity.isValid(text)).isTrue();
    }

    @Test
    void spellingsOfOneAmountAreEqual() {
        assertThat(Quantity.parse("1000m")).isEqualTo(Quantity.parse("1")).isEqualTo(Quantity.parse("1e0"))
                .hasSameHashCodeAs(Quantity.parse("1.000"));
        assertThat(Quantity.parse("1024Mi")).isEqualTo(Quantity.parse("1Gi"));
        assertThat(Quantity.parse("1Gi")).isNotEqualTo(Quantity.parse("1G"));
        assertThat(Quantity.parse("0m")).isEqualTo(Quantity.parse("0")).hasSameHashCodeAs(Quantity.parse("0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Gi", "1Gb", "1gi", "1 Gi", "1.2.3", "1e", "1e1.5", "1e999", "--1", "one", "1mi", "0x10"})
    void rejectsWhatIsNotAQuantity(String text) {
        assertThat(Quantity.isValid(text)).isFalse();
        assertThatThrownBy(() -> Quantity.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quantit");
    }

    /** Kubernetes reads these as zero (or 100e99); no manifest means that, so they are errors here. */
    @ParameterizedTest
    @ValueSource(strings = {"Ki", "+", ".", "e3", "m", "1e101", "1e-101"})
    void rejectsWhatKubernetesOnlyAcceptsByAccident(String text) {
        assertThat(Quantity.isValid(text)).isFalse();
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
