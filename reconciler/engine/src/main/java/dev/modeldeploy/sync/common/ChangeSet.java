package dev.modeldeploy.sync.common;

import dev.modeldeploy.render.Owner;
import java.util.List;

/** Every object's outcome in one reconcile cycle, for the commit it applied. */
public record ChangeSet(String commit, List<ChangeSetEntry> entries) {

    public List<ChangeSetEntry> forOwner(Owner owner) {
        return entries.stream().filter(e -> owner.equals(e.owner())).toList();
    }

    public long count(Action action) {
        return entries.stream().filter(e -> e.action() == action).count();
    }

    public boolean failed() {
        return count(Action.FAILED) > 0;
    }
}
