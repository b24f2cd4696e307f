package dev.modeldeploy.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A change in plain words, before the diffs: "image a → b", "replicas 0-1 → 1-3",
 * "traffic wine 90→50, wine-v2 10→50", "mirror none → wine-v2", objects added or deleted, Secret keys whose
 * values change (never the values), and drift the merge would set back.
 */
final class Meaning {
    private static final String NONE = "none";

    private Meaning() {
    }

    /** One object's part in the meaning of its manifest's change. */
    record ObjectNote(String kind, String name, ChangeAction action, List<String> drifted, List<String> secretKeys) {
    }

    static List<String> describe(ChangeAction action, String ownerKind, ManifestFacts before, ManifestFacts after,
                                 List<ObjectNote> objects) {
        String what = "ModelRoute".equals(ownerKind) ? "route" : "deployment";
        List<String> lines = new ArrayList<>();
        switch (action) {
            case ADDED -> {
                lines.add("new " + what + " with " + count(objects.size(), "object"));
                lines.addAll(listing(after));
            }
            case REMOVED -> {
                lines.add(what + " removed: its " + count(objects.size(), "object") + " would be deleted");
                listing(before).forEach(fact -> lines.add("was: " + fact));
            }
            case UNCHANGED -> {
            }
            case CHANGED -> {
                lines.addAll(differences(before, after));
                for (ObjectNote object : objects) {
                    String subject = object.kind() + " " + object.name();
                    if (object.action() == ChangeAction.ADDED) {
                        lines.add("adds " + subject);
                    } else if (object.action() == ChangeAction.REMOVED) {
                        lines.add("deletes " + subject);
                    }
                    if (!object.secretKeys().isEmpty()) {
                        lines.add(subject + ": values change for keys " + String.join(", ", object.secretKeys())
                                + " (values not shown)");
                    }
                    if (!object.drifted().isEmpty()) {
                        lines.add("drift: " + subject + " was changed in the cluster (" + String.join(", ",
                                object.drifted()) + "); the merge would set it back to what Git says");
                    }
                }
                if (lines.isEmpty()) {
                    lines.add("image, replicas, resources, traffic, mirror and roles stay the same; other rendered "
                            + "fields differ (see the diffs)");
                }
            }
        }
        return lines;
    }

    private static List<String> listing(ManifestFacts facts) {
        List<String> lines = new ArrayList<>();
        facts.values().forEach((label, value) -> lines.add(label + " " + value));
        facts.traffic().forEach((label, weights) -> {
            List<String> parts = new ArrayList<>();
            weights.forEach((target, weight) -> parts.add(target + " " + weight));
            lines.add(label + " " + String.join(", ", parts));
        });
        return lines;
    }

    private static List<String> differences(ManifestFacts before, ManifestFacts after) {
        List<String> lines = new ArrayList<>();
        Set<String> labels = new LinkedHashSet<>(after.values().keySet());
        labels.addAll(before.values().keySet());
        for (String label : labels) {
            String old = before.values().get(label);
            String now = after.values().get(label);
            if (!Objects.equals(old, now)) {
                lines.add(label + " " + (old == null ? NONE : old) + " → " + (now == null ? NONE : now));
            }
        }
        Set<String> trafficLabels = new LinkedHashSet<>(after.traffic().keySet());
        trafficLabels.addAll(before.traffic().keySet());
        for (String label : trafficLabels) {
            Map<String, Integer> old = before.traffic().getOrDefault(label, Map.of());
            Map<String, Integer> now = after.traffic().getOrDefault(label, Map.of());
            if (old.equals(now)) {
                continue;
            }
            Set<String> targets = new LinkedHashSet<>(old.keySet());
            targets.addAll(now.keySet());
            List<String> parts = new ArrayList<>();
            for (String target : targets) {
                int from = old.getOrDefault(target, 0);
                int to = now.getOrDefault(target, 0);
                parts.add(from == to ? target + " " + to : target + " " + from + "→" + to);
            }
            String suffix = old.isEmpty() ? " (new rule)" : now.isEmpty() ? " (rule removed)" : "";
            lines.add(label + " " + String.join(", ", parts) + suffix);
        }
        return lines;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
