package dev.modeldeploy.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.diff.DesiredObject;
import dev.modeldeploy.diff.LastApplied;
import dev.modeldeploy.diff.ObjectDiff;
import dev.modeldeploy.diff.ThreeWayDiff;
import java.util.List;

/**
 * Live object against head rendering, judged as the daemon judges it: the three-way diff of what it applied last
 * (the last-applied annotation), what head wants and what is live, so server defaults and fields set by others are
 * not differences, while a field Git sets that was edited by hand is (drift). The source-commit annotation is left
 * out of the comparison: it only records which commit last touched the file.
 */
final class LiveComparer implements ObjectComparer {
    @Override
    public Compared compare(ObjectNode before, ObjectNode after) {
        ObjectNode wanted = after == null ? null : ObjectTrees.normalizeRendered(after);
        if (before == null) {
            return new Compared(ChangeAction.ADDED, null, wanted, List.of());
        }
        ObjectNode live = ObjectTrees.normalizeLive(before);
        if (wanted == null) {
            return new Compared(ChangeAction.REMOVED, live, null, List.of());
        }
        ObjectNode desired = DesiredObject.of(wanted).withoutAnnotation();
        JsonNode last = LastApplied.read(before, desired);
        if (last != null && last.get("metadata") instanceof ObjectNode metadata) {
            ObjectTrees.stripBookkeeping(metadata);
        }
        ObjectDiff diff = ThreeWayDiff.compute(last, desired, live);
        ChangeAction action = diff.isEmpty() ? ChangeAction.UNCHANGED : ChangeAction.CHANGED;
        return new Compared(action, LiveProjection.project(live, wanted, last), wanted, diff.driftedFields());
    }
}
