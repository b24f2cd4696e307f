package dev.modeldeploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every ModelRoute rule (fixtures in route/, each loaded next to route/deployments.yaml). */
class RouteRulesTest {
    private static final String RE2 = "which RE2 (the engine Istio/Envoy use) does not support";

    @TempDir
    Path folder;

    private ManifestSet loadWithDeployments(String fixture) {
        return Fixtures.loadTogether(folder, "route/deployments.yaml", "route/" + fixture);
    }

    @Test
    void validRoutesAreRead() {
        ManifestSet set = loadWithDeployments("valid.yaml");

        assertThat(set.findings()).isEmpty();
        assertThat(set.routes()).extracting(ModelRoute::id).containsExactly("wine-canary", "wine-single");
        ModelRoute canary = set.routes().get(0);
        assertThat(canary.source()).isEqualTo(new SourceLocation("valid.yaml", 1, 1));
        assertThat(canary.spec()).isEqualTo(new RouteSpec("/custom/wine",
                List.of(new WeightedTarget("wine-a", 90), new WeightedTarget("wine-b", 10)),
                "wine-c",
                List.of(new RouteRule(
                        Map.of("x-canary", new HeaderMatch("true", null, null), "user-agent", new HeaderMatch(null, null, "^curl/[0-9.]+$")),
                        List.of(new WeightedTarget("wine-b", null))))));
        assertThat(canary.spec().rules().get(0).headers().keySet()).containsExactly("x-canary", "user-agent");
        assertThat(set.routes().get(1).spec().modelDeployments()).containsExactly(new WeightedTarget("wine-a", 100));
    }

    @Test
    void urlPrefixMustBeANormalPathUnderCustomAndUnique() {
        String rule = "must start with /custom/ and name a path below it (each deployment already has /model/<id>/, and /feedback is reserved)";
        assertThat(Fixtures.lines(loadWithDeployments("prefix.yaml"))).containsExactly(
                "prefix.yaml:4:14: error: under-model: $.spec.urlPrefix: urlPrefix '/model/wine-a' " + rule,
                "prefix.yaml:10:14: error: feedback: $.spec.urlPrefix: urlPrefix '/feedback/x' " + rule,
                "prefix.yaml:16:14: error: bare-custom: $.spec.urlPrefix: urlPrefix '/custom/' " + rule,
                "prefix.yaml:22:14: error: query: $.spec.urlPrefix: urlPrefix '/custom/a?b' may not contain whitespace, "
                        + "control characters, '?', '#', '%', '\\' or non-ASCII characters",
                "prefix.yaml:28:14: error: dot-dot: $.spec.urlPrefix: urlPrefix '/custom/../model/wine-a' must be a normalized path "
                        + "(no '//', '.' or '..' segments)",
                "prefix.yaml:34:14: error: first: $.spec.urlPrefix: urlPrefix '/custom/shared' is also used by route 'second' "
                        + "at prefix.yaml:40:14",
                "prefix.yaml:40:14: error: second: $.spec.urlPrefix: urlPrefix '/custom/shared/' is also used by route 'first' "
                        + "at prefix.yaml:34:14");
    }

    @Test
    void weightsSplitAllTheTrafficInTheRouteAndInEachRule() {
        assertThat(Fixtures.lines(loadWithDeployments("weights.yaml"))).containsExactly(
                "weights.yaml:7:15: error: single-not-100: $.spec.modelDeployments[0].weight: a single target gets all the traffic: "
                        + "weight must be 100 or left out (is 90)",
                "weights.yaml:16:7: error: missing-weight: $.spec.modelDeployments[1].weight: missing weight: every target needs one "
                        + "when traffic is split between 2 targets",
                "weights.yaml:23:5: error: sum-not-100: $.spec.modelDeployments: weights add up to 90; they must add up to 100",
                "weights.yaml:34:15: error: over-100: $.spec.modelDeployments[0].weight: must be at most 100 (is 150)",
                "weights.yaml:36:15: error: over-100: $.spec.modelDeployments[1].weight: must be at least 0 (is -50)",
                "weights.yaml:51:19: error: rule-weights: $.spec.rules[0].modelDeployments[1].mdName: deployment 'wine-a' is already "
                        + "a target at $.spec.rules[0].modelDeployments[0]",
                "weights.yaml:58:21: error: no-targets: $.spec.modelDeployments: must list at least 1 entry");
    }

    @Test
    void headerNamesAreLowercaseAndRegexesCompileWithoutConstructsRe2Lacks() {
        String match = "error: headers: $.spec.rules[0].match.headers";
        assertThat(Fixtures.lines(loadWithDeployments("headers.yaml"))).containsExactly(
                "headers.yaml:10:11: " + match + "['X-Canary']: header name 'X-Canary' must be lowercase ('x-canary'), as Istio matches it",
                "headers.yaml:11:11: " + match + "['x user']: 'x user' is not a valid HTTP header name",
                "headers.yaml:12:32: " + match + "['x-bad-regex'].regex: regex does not compile: Unclosed group at index 9",
                "headers.yaml:13:32: " + match + "['x-lookahead'].regex: regex uses a lookahead '(?!', " + RE2,
                "headers.yaml:14:30: " + match + "['x-backref'].regex: regex uses a backreference '\\1', " + RE2,
                "headers.yaml:15:18: " + match + "['x-two']: give exactly one of exact, prefix or regex",
                "headers.yaml:16:19: " + match + "['x-none']: give exactly one of exact, prefix or regex",
                "headers.yaml:17:20: " + match + "['x-typo'].exakt: unknown field 'exakt'; did you mean 'exact'?",
                "headers.yaml:20:14: error: headers: $.spec.rules[1].match.headers: missing required field 'headers'",
                "headers.yaml:24:18: error: headers: $.spec.rules[2].match.headers: give at least one header to match");
    }

    @Test
    void targetsAndMirrorMustNameValidDeployments() {
        ManifestSet set = loadWithDeployments("targets.yaml");

        assertThat(Fixtures.lines(set)).containsExactly(
                "targets.yaml:4:3: error: broken: $.spec.image: missing required field 'image'",
                "targets.yaml:10:11: error: targets: $.spec.mirror: no ModelDeployment with id 'wine-z'; did you mean 'wine-a'?",
                "targets.yaml:12:15: error: targets: $.spec.modelDeployments[0].mdName: no ModelDeployment with id 'wine-aa'; "
                        + "did you mean 'wine-a'?",
                "targets.yaml:14:15: error: targets: $.spec.modelDeployments[1].mdName: ModelDeployment 'broken' is invalid "
                        + "(see targets.yaml:4:3)",
                "targets.yaml:21:19: error: targets: $.spec.rules[0].modelDeployments[0].mdName: no ModelDeployment with id "
                        + "'nothing-like-it'");
        assertThat(set.findings()).extracting(Finding::kind).containsExactly(
                "ModelDeployment", "ModelRoute", "ModelRoute", "ModelRoute", "ModelRoute");
        assertThat(set.routes()).isEmpty();
        assertThat(set.deployments()).extracting(ModelDeployment::id).containsExactly("wine-a", "wine-b", "wine-c");
        assertThat(set.failedFiles()).containsExactly("targets.yaml");
    }
}
