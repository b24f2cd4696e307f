package dev.modeldeploy.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.diff.JsonValues;
import java.util.List;

/** Base rendering against head rendering: an object changes when any field differs in value. */
final class RenderedComparer implements ObjectComparer {
    @Override
    public Compared compare(ObjectNode before, ObjectNode after) {
        ObjectNode old = before == null ? null : ObjectTrees.normalizeRendered(before);
        ObjectNode now = after == null ? null : ObjectTrees.normalizeRendered(after);
        ChangeAction action = old == null ? ChangeAction.ADDED
                : now == null ? ChangeAction.REMOVED
                : JsonValues.same(old, now) ? ChangeAction.UNCHANGED : ChangeAction.CHANGED;
        return new Compared(action, old, now, List.of());
    }
}
