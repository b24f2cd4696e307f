package dev.modeldeploy.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.manifest.ManifestSet;
import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.manifest.RolloutAnalysis;
import dev.modeldeploy.manifest.RolloutSpec;
import dev.modeldeploy.manifest.RouteSpec;
import dev.modeldeploy.manifest.SourceLocation;
import dev.modeldeploy.manifest.WeightedTarget;
import dev.modeldeploy.rollout.RolloutPhase;
import dev.modeldeploy.rollout.RolloutState;
import dev.modeldeploy.rollout.RolloutStates;
import dev.modeldeploy.rollout.Verdict;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The driver between Git, the checks and the renderer, with a hand-moved clock and scripted verdicts. */
class RolloutDriverTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final RolloutSpec SPEC = new RolloutSpec("wine-a", "wine-b", List.of(10, 50, 100), Duration.ofSeconds(30),
            new RolloutAnalysis(99.0, null, 99, null, null, 20, 2, Duration.ofSeconds(90)), false);

    private final MutableClock clock = new MutableClock();
    private final Deque<Verdict> verdicts = new ArrayDeque<>();
    private final List<Instant> checkedAt = new ArrayList<>();
    private final List<Instant> wakeUps = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static final class MutableClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private RolloutDriver driver(RolloutDriver.RecordSource... sources) {
        return new RolloutDriver((spec, windowStart, baselineStart, now) -> {
            checkedAt.add(now);
            return verdicts.removeFirst();
        }, List.of(sources), source("live", Map.of()), registry, clock, wakeUps::add);
    }

    private static ModelRoute route(String id, RolloutSpec rollout) {
        return new ModelRoute(id, new RouteSpec("/custom/" + id, List.of(new WeightedTarget("wine-a", null),
                new WeightedTarget("wine-b", null)), null, List.of(), rollout), new SourceLocation(id + ".yaml", 1, 1));
    }

    private static ManifestSet manifests(ModelRoute... routes) {
        return new ManifestSet(List.of(), List.of(routes), List.of(), Set.of());
    }

    private static RolloutDriver.RecordSource source(String name, Map<String, RolloutState> states) {
        return new RolloutDriver.RecordSource() {
            @Override
            public Map<String, RolloutState> read() {
                return states;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    @Test
    void checksRunWhenDueAndTheDriverAsksToBeWokenForTheNext() {
        ModelRoute wine = route("wine", SPEC);
        RolloutDriver driver = driver();

        RolloutStates first = driver.step(manifests(wine), true);
        assertThat(first.candidateWeight(wine)).isEqualTo(10);
        assertThat(checkedAt).isEmpty();
        assertThat(wakeUps).containsExactly(T0.plusSeconds(30));

        clock.now = T0.plusSeconds(10);
        driver.step(manifests(wine), true);
        assertThat(checkedAt).as("not due yet").isEmpty();

        clock.now = T0.plusSeconds(31);
        verdicts.add(Verdict.pass("ok"));
        assertThat(driver.step(manifests(wine), true).candidateWeight(wine)).isEqualTo(50);
        assertThat(checkedAt).containsExactly(T0.plusSeconds(31));
        assertThat(wakeUps).last().isEqualTo(T0.plusSeconds(61));
        assertThat(driver.view("wine")).hasValueSatisfying(view -> assertThat(view.state().step()).isEqualTo(1));
        assertThat(registry.get("modeldeploy.rollout.transitions").tags("route", "wine", "event", "advanced").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("modeldeploy.rollout.candidate.weight").tags("route", "wine").gauge().value()).isEqualTo(50);
        assertThat(registry.get("modeldeploy.rollout.phase").tags("route", "wine", "phase", "Progressing").gauge().value()).isEqualTo(1);
    }

    @Test
    void aRestartResumesTheLaterOfTheRecordsAndNeverStartsOver() {
        ModelRoute wine = route("wine", SPEC);
        RolloutDriver before = driver();
        before.step(manifests(wine), true);
        clock.now = T0.plusSeconds(30);
        verdicts.add(Verdict.pass("ok"));
        before.step(manifests(wine), true);
        clock.now = T0.plusSeconds(60);
        verdicts.add(Verdict.fail("bad"));
        before.step(manifests(wine), true);
        RolloutState atFailure = before.view("wine").orElseThrow().state();
        RolloutState older = new RolloutState("wine", atFailure.routeFingerprint(), RolloutPhase.PROGRESSING, 0, 0, T0, T0,
                null, T0, "started");

        clock.now = T0.plusSeconds(75);
        RolloutDriver after = driver(source("status branch", Map.of("wine", older)), source("live", Map.of("wine", atFailure)));
        RolloutStates resumed = after.step(manifests(wine), true);

        assertThat(resumed.candidateWeight(wine)).isEqualTo(50);
        assertThat(after.view("wine").orElseThrow().state()).isEqualTo(atFailure);
        assertThat(checkedAt).hasSize(2);
        assertThat(wakeUps).last().isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void anUnreadableSourceIsSkippedAndAChangedRouteStartsOver() {
        ModelRoute wine = route("wine", SPEC);
        RolloutState recorded = new RolloutState("wine", "ffffffffffffffff", RolloutPhase.PROGRESSING, 1, 0, T0, T0, null, T0, "x");
        RolloutDriver.RecordSource broken = new RolloutDriver.RecordSource() {
            @Override
            public Map<String, RolloutState> read() throws Exception {
                throw new java.io.IOException("remote hung up");
            }

            @Override
            public String name() {
                return "the status branch";
            }
        };

        RolloutStates states = driver(broken, source("live", Map.of("wine", recorded))).step(manifests(wine), true);

        assertThat(states.candidateWeight(wine)).as("recorded for another version of the route: first step").isEqualTo(10);
        assertThat(registry.get("modeldeploy.rollout.transitions").tags("route", "wine", "event", "restarted").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aStandbyMovesNothingAndShowsWhatTheLeaderPutOnTheLiveObjects() {
        ModelRoute wine = route("wine", SPEC);
        RolloutState leaders = new RolloutState("wine",
                dev.modeldeploy.rollout.RouteFingerprint.of(wine.spec()), RolloutPhase.PROGRESSING, 2, 0, T0, T0, null, T0, "x");
        RolloutDriver standby = new RolloutDriver((spec, windowStart, baselineStart, now) -> {
            throw new AssertionError("a standby never checks");
        }, List.of(), source("live", Map.of("wine", leaders)), registry, clock, wakeUps::add);

        clock.now = T0.plusSeconds(3600);
        RolloutStates shown = standby.step(manifests(wine), false);

        assertThat(shown.candidateWeight(wine)).isEqualTo(100);
        assertThat(standby.view("wine").orElseThrow().state()).isEqualTo(leaders);
        assertThat(wakeUps).isEmpty();
        assertThat(registry.find("modeldeploy.rollout.transitions").counter()).isNull();
    }

    @Test
    void routesThatLoseTheirRolloutAreForgotten() {
        ModelRoute wine = route("wine", SPEC);
        RolloutDriver driver = driver();
        driver.step(manifests(wine, route("beer", SPEC)), true);

        driver.step(manifests(wine), true);

        assertThat(driver.view("beer")).isEmpty();
        assertThat(registry.find("modeldeploy.rollout.step").tags("route", "beer").gauge()).isNull();
        assertThat(driver.view("wine")).isPresent();
    }
}
