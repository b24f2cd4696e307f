package dev.modeldeploy.delivery;

import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.ownership.InstanceId;
import dev.modeldeploy.ownership.Ownership;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.ManagedLabels;
import dev.modeldeploy.rollout.RolloutRecord;
import dev.modeldeploy.rollout.RolloutState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.HashMap;
import java.util.Map;

/**
 * Rollout states as this install's routes' live VirtualServices carry them (annotation modeldeploy.dev/rollout);
 * another install's objects in the same namespace are not read.
 */
public final class LiveRouteRollouts implements RolloutDriver.RecordSource {
    private final LiveObjectCache cache;
    private final InstanceId us;

    public LiveRouteRollouts(LiveObjectCache cache, InstanceId us) {
        this.cache = cache;
        this.us = us;
    }

    @Override
    public Map<String, RolloutState> read() {
        Map<String, RolloutState> states = new HashMap<>();
        for (GenericKubernetesResource object : cache.all()) {
            if (!ManagedKind.VIRTUAL_SERVICE.kind().equals(object.getKind()) || object.getMetadata().getLabels() == null
                    || object.getMetadata().getAnnotations() == null || Ownership.of(object, us) == Ownership.ANOTHER_INSTALL) {
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
