package dev.modeldeploy.rollout;

import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.manifest.RolloutSpec;
import java.util.Map;
import java.util.Optional;

/**
 * The rollout state of each route, as the renderer takes it: the daemon passes what it drives; every other caller
 * (render, apply, plan) passes {@link #none()}, and a route whose rollout has no state for its current version
 * sends all its traffic to stable, since only the daemon moves a rollout through its steps.
 */
public record RolloutStates(Map<String, RolloutState> byRoute) {
    private static final RolloutStates NONE = new RolloutStates(Map.of());

    public RolloutStates {
        byRoute = Map.copyOf(byRoute);
    }

    public static RolloutStates none() {
        return NONE;
    }

    /** The candidate's weight on the route's default split, 0 when its rollout has not started for this version. */
    public int candidateWeight(ModelRoute route) {
        RolloutSpec spec = route.spec().rollout();
        if (spec == null) {
            throw new IllegalArgumentException("route " + route.id() + " has no rollout");
        }
        return stateOf(route).map(state -> state.candidateWeight(spec)).orElse(0);
    }

    /** The route's rollout state, when there is one for the route's current version. */
    public Optional<RolloutState> stateOf(ModelRoute route) {
        RolloutState state = byRoute.get(route.id());
        if (state == null || !state.routeFingerprint().equals(RouteFingerprint.of(route.spec()))) {
            return Optional.empty();
        }
        return Optional.of(state);
    }
}
