package dev.modeldeploy.rollout;

/** Where a route's rollout stands. The last three are final until the route changes in Git. */
public enum RolloutPhase {
    /** Holding a step's weights until its checks pass. */
    PROGRESSING("Progressing"),
    /** Holding a step's weights because the checks have had no data for longer than noDataTimeout; never promotes. */
    PAUSED("Paused"),
    /** Every step passed: the candidate takes all traffic. */
    PROMOTED("Promoted"),
    /** failureLimit checks failed: all traffic back to stable. */
    ROLLED_BACK("RolledBack"),
    /** Stopped through Git (spec.rollout.abort): all traffic to stable. */
    ABORTED("Aborted");

    private final String displayName;

    RolloutPhase(String displayName) {
        this.displayName = displayName;
    }

    /** The name status files, the API and the CLI show. */
    public String displayName() {
        return displayName;
    }

    public boolean isFinal() {
        return this == PROMOTED || this == ROLLED_BACK || this == ABORTED;
    }

    public static RolloutPhase fromDisplayName(String name) {
        for (RolloutPhase phase : values()) {
            if (phase.displayName.equals(name)) {
                return phase;
            }
        }
        throw new IllegalArgumentException("unknown rollout phase '" + name + "'");
    }
}
