package dev.modeldeploy.render;

import static dev.modeldeploy.render.Rendered.listAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.manifest.RolloutAnalysis;
import dev.modeldeploy.manifest.RolloutSpec;
import dev.modeldeploy.manifest.RouteSpec;
import dev.modeldeploy.manifest.SourceLocation;
import dev.modeldeploy.rollout.RolloutMachine;
import dev.modeldeploy.rollout.RolloutPhase;
import dev.modeldeploy.rollout.RolloutRecord;
import dev.modeldeploy.rollout.RolloutState;
import dev.modeldeploy.rollout.RolloutStates;
import dev.modeldeploy.rollout.RouteFingerprint;
import dev.modeldeploy.rollout.Verdict;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A route with a rollout: its default split follows the rollout state the renderer is given, and nothing else. */
class RolloutRouteRenderTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final RolloutSpec ROLLOUT = new RolloutSpec("wine", "wine-v2", List.of(5, 25, 50, 100), Duration.ofSeconds(30),
            new RolloutAnalysis(99.0, null, 99, 300.0, null, 20, 2, Duration.ofSeconds(90)), false);
    // written the way a manifest may write it with a rollout: candidate first, no weights
    private static final ModelRoute ROUTE = new ModelRoute("wine", new RouteSpec("/custom/wine",
            List.of(Fixtures.target("wine-v2", null), Fixtures.target("wine", null)), null,
            List.of(Fixtures.rule("x-canary", "true", Fixtures.target("wine-v2", null))), ROLLOUT),
            new SourceLocation("routes/wine.yaml", 1, 1));

    private static Map<String, Integer> defaultSplit(RolloutStates rollouts) {
        return defaultSplit(routeService(rollouts));
    }

    private static GenericKubernetesResource routeService(RolloutStates rollouts) {
        RenderResult result = Renderer.render(Fixtures.set(List.of(Fixtures.odahu("wine"), Fixtures.odahu("wine-v2")),
                List.of(ROUTE)), Fixtures.jwtSettings(), Map.of(), rollouts);
        assertThat(result.failures()).isEmpty();
        List<GenericKubernetesResource> objects = RenderedYaml.inStableOrder(result.rendered());
        assertThat(RenderedChecks.check(objects, "modeldeploy")).isEmpty();
        return Rendered.one(objects, "VirtualService", "wine-route");
    }

    private static Map<String, Integer> defaultSplit(GenericKubernetesResource vs) {
        List<Map<String, Object>> http = listAt(vs, "spec", "http");
        // the header rule keeps its own targets whatever the rollout does
        assertThat(http.get(0).get("name")).isEqualTo("rule-1");
        assertThat(((List<?>) http.get(0).get("route"))).hasSize(1);
        Map<String, Object> last = http.get(http.size() - 1);
        assertThat(last.get("name")).isEqualTo("default");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> destinations = (List<Map<String, Object>>) last.get("route");
        return Map.of(
                host(destinations.get(0)), (Integer) destinations.get(0).get("weight"),
                host(destinations.get(1)), (Integer) destinations.get(1).get("weight"));
    }

    @SuppressWarnings("unchecked")
    private static String host(Map<String, Object> destination) {
        Map<String, Object> headers = (Map<String, Object>) destination.get("headers");
        Map<String, Object> request = (Map<String, Object>) headers.get("request");
        String host = (String) ((Map<String, Object>) request.get("set")).get("Host");
        return host.substring(0, host.indexOf('.'));
    }

    private static RolloutStates at(RolloutState state) {
        return new RolloutStates(Map.of(ROUTE.id(), state));
    }

    @Test
    void withoutAStateEverythingGoesToStable() {
        assertThat(defaultSplit(RolloutStates.none())).isEqualTo(Map.of("wine", 100, "wine-v2", 0));
    }

    @Test
    void eachStepRendersItsWeightAndPromotionGivesTheCandidateEverything() {
        RolloutState state = RolloutMachine.sync(null, ROUTE, T0).state();
        assertThat(defaultSplit(at(state))).isEqualTo(Map.of("wine", 95, "wine-v2", 5));
        Instant now = T0;
        for (int expected : List.of(25, 50, 100)) {
            now = now.plusSeconds(30);
            state = RolloutMachine.afterCheck(state, ROLLOUT, Verdict.pass("fine"), now).state();
            assertThat(defaultSplit(at(state))).isEqualTo(Map.of("wine", 100 - expected, "wine-v2", expected));
        }
        state = RolloutMachine.afterCheck(state, ROLLOUT, Verdict.pass("fine"), now.plusSeconds(30)).state();
        assertThat(state.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(defaultSplit(at(state))).isEqualTo(Map.of("wine", 0, "wine-v2", 100));
    }

    @Test
    void rolledBackAndAbortedSendEverythingToStableAndPausedHoldsTheStep() {
        String fingerprint = RouteFingerprint.of(ROUTE.spec());
        for (RolloutPhase phase : List.of(RolloutPhase.ROLLED_BACK, RolloutPhase.ABORTED)) {
            RolloutState state = new RolloutState("wine", fingerprint, phase, 2, 2, T0, T0, T0, T0, "x");
            assertThat(defaultSplit(at(state))).as(phase.name()).isEqualTo(Map.of("wine", 100, "wine-v2", 0));
        }
        RolloutState paused = new RolloutState("wine", fingerprint, RolloutPhase.PAUSED, 2, 0, T0, T0, T0, T0, "no data");
        assertThat(defaultSplit(at(paused))).isEqualTo(Map.of("wine", 50, "wine-v2", 50));
    }

    @Test
    void theStateRidesOnTheVirtualServiceSoARestartCanReadItFromTheLiveObject() {
        RolloutState state = RolloutMachine.sync(null, ROUTE, T0).state();

        GenericKubernetesResource vs = routeService(at(state));

        String annotation = vs.getMetadata().getAnnotations().get(ManagedLabels.ROLLOUT);
        assertThat(RolloutRecord.readJson("wine", annotation)).contains(state);
        assertThat(vs.getMetadata().getAnnotations()).containsKey(ManagedLabels.SOURCE_FILE);
        assertThat(routeService(RolloutStates.none()).getMetadata().getAnnotations()).doesNotContainKey(ManagedLabels.ROLLOUT);
    }

    @Test
    void aStateOfAnotherVersionOfTheRouteCountsAsNotStarted() {
        RolloutState stale = new RolloutState("wine", "0123456789abcdef", RolloutPhase.PROGRESSING, 3, 0, T0, T0, null, T0, "x");
        assertThat(defaultSplit(at(stale))).isEqualTo(Map.of("wine", 100, "wine-v2", 0));
    }
}
