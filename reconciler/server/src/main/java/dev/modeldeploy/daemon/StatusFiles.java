package dev.modeldeploy.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.modeldeploy.health.ManifestStatus;
import dev.modeldeploy.render.OwnerKind;
import dev.modeldeploy.rollout.RolloutView;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Renders status/&lt;id&gt;.yaml for the status branch. The time written is when the status last changed, not when it
 * was last computed, so a steady state produces byte-identical files and therefore no commits.
 */
final class StatusFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private final Map<String, ManifestStatus> previous = new HashMap<>();

    /** Status with lastUpdated carried over from the previous cycle when nothing else changed. */
    synchronized ManifestStatus stabilize(ManifestStatus status) {
        String key = status.kind() + "/" + status.id();
        ManifestStatus before = previous.get(key);
        ManifestStatus result = before != null && sameExceptTime(before, status)
                ? withTime(status, before)
                : status;
        previous.put(key, result);
        return result;
    }

    Map<String, String> render(Collection<ManifestStatus> statuses) {
        return render(statuses, routeId -> Optional.empty());
    }

    /** As above, each route's file with its rollout (what {@code rollouts} gives for its id) under rollout:. */
    Map<String, String> render(Collection<ManifestStatus> statuses, Function<String, Optional<RolloutView>> rollouts) {
        Map<String, String> files = new TreeMap<>();
        for (ManifestStatus status : statuses) {
            boolean route = status.kind().equals(OwnerKind.MODEL_ROUTE.manifestKind());
            String name = route ? "route-" + status.id() : status.id();
            Optional<RolloutView> rollout = route ? rollouts.apply(status.id()) : Optional.empty();
            files.put("status/" + name + ".yaml", yaml(status, rollout));
        }
        return files;
    }

    private static String yaml(ManifestStatus s, Optional<RolloutView> rollout) {
        ObjectNode node = YAML.createObjectNode();
        node.put("kind", s.kind());
        node.put("id", s.id());
        node.put("state", s.state().name());
        putIfSet(node, "message", s.message());
        putIfSet(node, "url", s.url());
        if (s.replicas() != null) {
            node.put("replicas", s.replicas());
        }
        if (s.availableReplicas() != null) {
            node.put("availableReplicas", s.availableReplicas());
        }
        putIfSet(node, "latestReadyRevision", s.latestReadyRevision());
        putIfSet(node, "commitApplied", s.commitApplied());
        putIfSet(node, "commitSeen", s.commitSeen());
        putIfSet(node, "time", s.lastUpdated() == null ? null : s.lastUpdated().toString());
        rollout.ifPresent(view -> node.set("rollout", YAML.valueToTree(view.fields())));
        try {
            return YAML.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write status of " + s.id(), e);
        }
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static boolean sameExceptTime(ManifestStatus a, ManifestStatus b) {
        return a.state() == b.state() && Objects.equals(a.message(), b.message()) && Objects.equals(a.url(), b.url())
                && Objects.equals(a.replicas(), b.replicas())
                && Objects.equals(a.availableReplicas(), b.availableReplicas())
                && Objects.equals(a.latestReadyRevision(), b.latestReadyRevision())
                && Objects.equals(a.commitApplied(), b.commitApplied())
                && Objects.equals(a.commitSeen(), b.commitSeen());
    }

    private static ManifestStatus withTime(ManifestStatus s, ManifestStatus timeSource) {
        return new ManifestStatus(s.kind(), s.id(), s.state(), s.message(), s.url(), s.replicas(),
                s.availableReplicas(), s.latestReadyRevision(), s.commitApplied(), s.commitSeen(),
                timeSource.lastUpdated());
    }
}
