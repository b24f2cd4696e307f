package dev.modeldeploy.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.modeldeploy.git.status.StatusPublisher;
import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.rollout.RolloutRecord;
import dev.modeldeploy.rollout.RolloutState;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Rollout states as the routes' status files on the status branch record them (their rollout section). */
public final class StatusBranchRollouts implements RolloutDriver.RecordSource {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final StatusPublisher publisher;

    public StatusBranchRollouts(StatusPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public Map<String, RolloutState> read() throws Exception {
        Map<String, RolloutState> states = new HashMap<>();
        for (String content : publisher.read().values()) {
            Map<?, ?> status;
            try {
                status = YAML.readValue(content, Map.class);
            } catch (IOException unreadable) {
                continue;
            }
            if (status != null && ModelRoute.KIND.equals(status.get("kind")) && status.get("id") instanceof String routeId
                    && status.get("rollout") instanceof Map<?, ?> rollout) {
                RolloutRecord.read(routeId, rollout).ifPresent(state -> states.put(routeId, state));
            }
        }
        return states;
    }

    @Override
    public String name() {
        return "the status branch";
    }
}
