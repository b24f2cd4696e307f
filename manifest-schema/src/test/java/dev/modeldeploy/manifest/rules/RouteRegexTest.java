package dev.modeldeploy.manifest.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouteRegexTest {

    @ParameterizedTest
    @ValueSource(strings = {"^curl/.*$", "a+?", "a{2,3}", "[(?=]", "\\(?=x\\)", "[]a]", "[^]a]", "(?i)abc", "(?:ab)+", "(?P<n>a)", "(?<m>b)",
            "\\Q(?=\\E", "a*b+c?", "\\d{3}-\\d{4}"})
    void acceptsWhatRe2Accepts(String regex) {
        assertThat(RouteRules.regexError(regex)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "(?=a)b|a lookahead '(?='",
            "^(?!admin)|a lookahead '(?!'",
            "(?<=a)b|a lookbehind '(?<='",
            "(?<!a)b|a lookbehind '(?<!'",
            "(a)\\1|a backreference '\\1'",
            "(?<x>a)\\k<x>|a named backreference '\\k<'",
            "(?>a+)b|an atomic group '(?>'",
            "a++|a possessive quantifier '++'",
            "a*+|a possessive quantifier '*+'",
            "a?+|a possessive quantifier '?+'",
            "a{2}+|a possessive quantifier '}+'",
    })
    void rejectsConstructsRe2Lacks(String regex, String construct) {
        assertThat(RouteRules.regexError(regex)).contains(
                "regex uses " + construct + ", which RE2 (the engine Istio/Envoy use) does not support");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(", "[a", "*a", "a{2"})
    void rejectsWhatDoesNotCompile(String regex) {
        assertThat(RouteRules.regexError(regex)).get().asString().startsWith("regex does not compile: ");
    }
}
