package dev.modeldeploy.rollout;

/**
 * The state after a step of the machine, and what happened. event is null when nothing worth logging, counting or
 * committing happened (the state may still carry a later check time, which only the running daemon needs).
 */
public record Transition(RolloutState state, RolloutEvent event) {
    public static Transition unchanged(RolloutState state) {
        return new Transition(state, null);
    }

    public boolean changed() {
        return event != null;
    }
}
