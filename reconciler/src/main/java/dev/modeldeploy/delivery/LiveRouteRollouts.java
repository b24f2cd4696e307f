package dev.modeldeploy.delivery;

import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.ManagedLabels;
import dev.modeldeploy.rollout.RolloutRecord;
import dev.modeldeploy.rollout.RolloutState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.HashMap;
import java.util.Map;

/** Rollout states as the routes' live VirtualServices carry them (annotation modeldeploy.dev/rollout). */
public final class LiveRouteRollouts implements RolloutDriver.RecordSource {
    private final LiveObjectCache cache;

    public LiveRouteRollouts(LiveObjectCache cache) {
        this.cache = cache;
    }

    @Override
    public Map<String, RolloutState> read() {
        Map<String, RolloutState> states = new HashMap<>();
        for (GenericKubernetesResource object : cache.all()) {
            if (!ManagedKind.VIRTUAL_SERVICE.kind().equals(object.getKind()) || object.getMetadata().getLabels() == null
                    || object.getMetadata().getAnnotations() == null) {
                continue;
            }
            String routeId = object.getMetadata().getLabels().get(ManagedLabels.ROUTE_ID);
            String json = object.getMetadata().getAnnotations().get(ManagedLabels.ROLLOUT);
            if (routeId != null && json != null) {
                RolloutRecord.readJson(routeId, json).ifPresent(state -> states.put(routeId, state));
            }
        }
        return states;
    }

    @Override
    public String name() {
        return "the live VirtualServices";
    }
}
