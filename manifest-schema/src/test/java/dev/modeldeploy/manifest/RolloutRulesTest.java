package dev.modeldeploy.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ModelRoute.spec.rollout: how it is read, its defaults, and every rule with its file:line:col. */
class RolloutRulesTest {
    @TempDir
    Path folder;

    @Test
    void aRolloutIsReadWithItsDefaults() {
        ManifestSet set = Fixtures.loadTogether(folder, "route/deployments.yaml", "route/rollout.yaml");

        assertThat(set.findings()).isEmpty();
        RouteSpec full = set.routes().get(0).spec();
        assertThat(full.modelDeployments()).containsExactly(new WeightedTarget("wine-a", null), new WeightedTarget("wine-b", null));
        assertThat(full.rollout()).isEqualTo(new RolloutSpec("wine-a", "wine-b", List.of(5, 25, 50, 100), Duration.ofSeconds(90),
                new RolloutAnalysis(99.5, 1.0, 99, 250.0, 1.5, 50, 3, Duration.ofMinutes(10)), false));
        RolloutSpec defaults = set.routes().get(1).spec().rollout();
        assertThat(defaults).isEqualTo(new RolloutSpec("wine-a", "wine-b", List.of(100), Duration.ofSeconds(30),
                new RolloutAnalysis(null, null, 95, 400.0, null, RolloutAnalysis.DEFAULT_MIN_REQUESTS,
                        RolloutAnalysis.DEFAULT_FAILURE_LIMIT, Duration.ofSeconds(90)), true));
        assertThat(defaults.analysis().comparesWithStable()).isFalse();
        assertThat(full.rollout().analysis().comparesWithStable()).isTrue();
    }

    @Test
    void theApiShapeShowsTheRolloutWithItsDefaultsAndReadsBackTheSame() throws Exception {
        ManifestSet set = Fixtures.loadTogether(folder, "route/deployments.yaml", "route/rollout.yaml");
        ModelRoute defaults = set.routes().get(1);

        com.fasterxml.jackson.databind.JsonNode json = ManifestJson.toJson(defaults);

        assertThat(json.path("spec").path("rollout").toString()).isEqualTo("{\"stable\":\"wine-a\",\"candidate\":\"wine-b\","
                + "\"steps\":[100],\"interval\":\"30s\",\"analysis\":{\"latency\":{\"percentile\":95.0,\"maxMs\":400.0},"
                + "\"minRequests\":20,\"failureLimit\":2,\"noDataTimeout\":\"1m30s\"},\"abort\":true}");
        java.nio.file.Path again = folder.resolve("again");
        java.nio.file.Files.createDirectories(again);
        java.nio.file.Files.copy(Fixtures.resource("route/deployments.yaml"), again.resolve("deployments.yaml"));
        java.nio.file.Files.writeString(again.resolve("route.yaml"), json.toString());
        ManifestSet reread = Fixtures.LOADER.load(again);
        assertThat(reread.findings()).isEmpty();
        assertThat(reread.routes().get(0).spec()).isEqualTo(defaults.spec());
    }

    @Test
    void routesWithoutARolloutHaveNone() {
        ManifestSet set = Fixtures.loadTogether(folder, "route/deployments.yaml", "route/valid.yaml");

        assertThat(set.routes()).allSatisfy(route -> assertThat(route.spec().rollout()).isNull());
    }

    @Test
    void everyRolloutMistakeIsReportedWhereItIs() {
        ManifestSet set = Fixtures.loadTogether(folder, "route/deployments.yaml", "route/rollout-errors.yaml");

        assertThat(Fixtures.lines(set)).containsExactly(
                "rollout-errors.yaml:8:15: error: not-targets: $.spec.modelDeployments[2].mdName: deployment 'wine-c' is neither "
                        + "the rollout's stable nor its candidate: a route with a rollout splits its traffic between those two only",
                "rollout-errors.yaml:12:17: error: not-targets: $.spec.rollout.steps[1]: steps must increase: 10 does not come after 10",
                "rollout-errors.yaml:12:21: error: not-targets: $.spec.rollout.steps[2]: the last step must be 100 (is 50): "
                        + "the candidate is promoted only after it has carried all the traffic through a step",
                "rollout-errors.yaml:13:15: error: not-targets: $.spec.rollout.interval: interval must be at least 1s: "
                        + "each step needs time to collect requests",
                "rollout-errors.yaml:16:9: error: not-targets: $.spec.rollout.analysis.latency: give maxMs, maxRatioToStable or both: "
                        + "a percentile alone checks nothing",
                "rollout-errors.yaml:26:16: error: same: $.spec.rollout.candidate: candidate must differ from stable: "
                        + "a rollout moves traffic from one deployment to another",
                "rollout-errors.yaml:27:13: error: same: $.spec.rollout.steps[0]: must be at least 1 (is 0)",
                "rollout-errors.yaml:28:15: error: same: $.spec.rollout.interval: a duration is a number and a unit (ms, s, m or h), "
                        + "such as 30s, 5m or 1h30m",
                "rollout-errors.yaml:29:15: error: same: $.spec.rollout.analysis: give at least one threshold (successRate or latency): "
                        + "a rollout without checks would promote anything",
                "rollout-errors.yaml:36:5: error: timeouts: $.spec.modelDeployments: weights add up to 90; they must add up to 100",
                "rollout-errors.yaml:45:5: error: timeouts: $.spec.rollout.abortt: unknown field 'abortt'; did you mean 'abort'?",
                "rollout-errors.yaml:47:20: error: timeouts: $.spec.rollout.analysis.successRate: give min, maxDropFromStable or both",
                "rollout-errors.yaml:48:21: error: timeouts: $.spec.rollout.analysis.failureLimit: must be at least 1 (is 0)",
                "rollout-errors.yaml:49:22: error: timeouts: $.spec.rollout.analysis.noDataTimeout: noDataTimeout must be at least "
                        + "the interval (1m): checks run once per interval, so a shorter timeout would pause the rollout before its first check",
                "rollout-errors.yaml:59:5: error: missing: $.spec.rollout.steps: missing required field 'steps'",
                "rollout-errors.yaml:59:13: error: missing: $.spec.rollout.stable: stable 'wine-aa' is not one of the route's "
                        + "modelDeployments (wine-a, wine-b); did you mean 'wine-a'?",
                "rollout-errors.yaml:61:15: error: missing: $.spec.rollout.interval: '99999999h' is not a duration of at most a year",
                "rollout-errors.yaml:64:14: error: missing: $.spec.rollout.analysis.successRate.min: must be at most 100 (is 101)");
    }
}
