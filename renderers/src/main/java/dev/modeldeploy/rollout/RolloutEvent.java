package dev.modeldeploy.rollout;

/** Each kind of transition, as logged and counted (modeldeploy_rollout_transitions_total{event}). */
public enum RolloutEvent {
    STARTED("started"),
    RESTARTED("restarted"),
    ADVANCED("advanced"),
    CHECK_FAILED("check_failed"),
    WAITING_FOR_DATA("waiting_for_data"),
    PAUSED("paused"),
    PROMOTED("promoted"),
    ROLLED_BACK("rolled_back"),
    ABORTED("aborted");

    private final String label;

    RolloutEvent(String label) {
        this.label = label;
    }

    /** The metric label and log field value. */
    public String label() {
        return label;
    }
}
