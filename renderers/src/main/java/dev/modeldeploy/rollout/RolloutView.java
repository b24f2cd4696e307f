package dev.modeldeploy.rollout;

import dev.modeldeploy.manifest.RolloutSpec;
import java.util.Map;

/** A route's rollout as the API, the status page, `route get` and the status file show it. */
public record RolloutView(RolloutState state, RolloutSpec spec) {
    /** The fields shown, as {@link RolloutRecord#fields} lists them. */
    public Map<String, Object> fields() {
        return RolloutRecord.fields(state, spec);
    }
}
