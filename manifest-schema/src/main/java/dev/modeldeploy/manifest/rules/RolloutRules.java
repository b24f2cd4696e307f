package dev.modeldeploy.manifest.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks on a route's {@code spec.rollout} beyond its schema: stable and candidate are the route's two
 * deployments, the steps climb to 100, the durations are usable and the analysis checks something.
 */
final class RolloutRules {
    static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);
    private static final int LAST_STEP = 100;

    private RolloutRules() {
    }

    static List<Problem> check(JsonNode rollout, JsonNode routeTargets, FieldPath path) {
        List<Problem> problems = new ArrayList<>(0);
        checkDeployments(rollout, routeTargets, path, problems);
        checkSteps(rollout.path("steps"), path.field("steps"), problems);
        Optional<Duration> interval = duration(rollout.path("interval"), path.field("interval"), problems);
        interval.filter(d -> d.compareTo(SHORTEST_INTERVAL) < 0).ifPresent(d -> problems.add(Problem.atValue(
                path.field("interval"), "interval must be at least 1s: each step needs time to collect requests")));
        JsonNode analysis = rollout.path("analysis");
        FieldPath analysisPath = path.field("analysis");
        Optional<Duration> noDataTimeout = duration(analysis.path("noDataTimeout"), analysisPath.field("noDataTimeout"), problems);
        if (interval.isPresent() && noDataTimeout.isPresent() && noDataTimeout.get().compareTo(interval.get()) < 0) {
            problems.add(Problem.atValue(analysisPath.field("noDataTimeout"), "noDataTimeout must be at least the interval ("
                    + rollout.path("interval").asText() + "): checks run once per interval, so a shorter timeout "
                    + "would pause the rollout before its first check"));
        }
        checkThresholds(analysis, analysisPath, problems);
        return problems;
    }

    private static void checkDeployments(JsonNode rollout, JsonNode routeTargets, FieldPath path, List<Problem> problems) {
        List<String> targets = new ArrayList<>();
        routeTargets.forEach(t -> {
            if (t.path("mdName").isTextual()) {
                targets.add(t.path("mdName").asText());
            }
        });
        JsonNode stable = rollout.path("stable");
        JsonNode candidate = rollout.path("candidate");
        boolean bothAreTargets = true;
        for (String field : List.of("stable", "candidate")) {
            JsonNode name = rollout.path(field);
            if (name.isTextual() && !name.asText().isEmpty() && !targets.contains(name.asText())) {
                problems.add(Problem.atValue(path.field(field), field + " '" + name.asText()
                        + "' is not one of the route's modelDeployments (" + String.join(", ", targets) + ")"
                        + Suggestions.didYouMean(name.asText(), targets)));
                bothAreTargets = false;
            }
        }
        if (stable.isTextual() && candidate.isTextual() && stable.asText().equals(candidate.asText())) {
            problems.add(Problem.atValue(path.field("candidate"),
                    "candidate must differ from stable: a rollout moves traffic from one deployment to another"));
            return;
        }
        if (!bothAreTargets) {
            // a misspelt stable or candidate would make the other targets look foreign too: one mistake, one finding
            return;
        }
        for (int i = 0; i < routeTargets.size(); i++) {
            JsonNode name = routeTargets.get(i).path("mdName");
            if (name.isTextual() && !name.asText().equals(stable.asText()) && !name.asText().equals(candidate.asText())) {
                problems.add(Problem.atValue(FieldPath.of("spec", "modelDeployments", i, "mdName"), "deployment '"
                        + name.asText() + "' is neither the rollout's stable nor its candidate: a route with a rollout "
                        + "splits its traffic between those two only"));
            }
        }
    }

    private static void checkSteps(JsonNode steps, FieldPath path, List<Problem> problems) {
        if (!steps.isArray() || steps.isEmpty()) {
            return;
        }
        for (int i = 1; i < steps.size(); i++) {
            JsonNode previous = steps.get(i - 1);
            JsonNode step = steps.get(i);
            if (step.isIntegralNumber() && previous.isIntegralNumber() && step.asInt() <= previous.asInt()) {
                problems.add(Problem.atValue(path.index(i), "steps must increase: " + step.asText()
                        + " does not come after " + previous.asText()));
            }
        }
        JsonNode last = steps.get(steps.size() - 1);
        if (last.isIntegralNumber() && last.asInt() != LAST_STEP) {
            problems.add(Problem.atValue(path.index(steps.size() - 1), "the last step must be 100 (is " + last.asText()
                    + "): the candidate is promoted only after it has carried all the traffic through a step"));
        }
    }

    private static void checkThresholds(JsonNode analysis, FieldPath path, List<Problem> problems) {
        if (!analysis.isObject()) {
            return;
        }
        JsonNode latency = analysis.path("latency");
        if (latency.isObject() && !latency.has("maxMs") && !latency.has("maxRatioToStable")) {
            problems.add(Problem.atValue(path.field("latency"), "give maxMs, maxRatioToStable or both: "
                    + "a percentile alone checks nothing"));
        }
        if (!analysis.has("successRate") && !analysis.has("latency")) {
            problems.add(Problem.atValue(path, "give at least one threshold (successRate or latency): "
                    + "a rollout without checks would promote anything"));
        }
    }

    /** The duration written at path; a malformed one is the schema's to report, so only the length is checked here. */
    private static Optional<Duration> duration(JsonNode value, FieldPath path, List<Problem> problems) {
        if (!value.isTextual()) {
            return Optional.empty();
        }
        Optional<Duration> duration = Durations.parse(value.asText());
        if (duration.isEmpty()) {
            problems.add(Problem.atValue(path, "'" + value.asText() + "' is not a duration of at most a year"));
        }
        return duration;
    }
}
