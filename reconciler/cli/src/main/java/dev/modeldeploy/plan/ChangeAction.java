package dev.modeldeploy.plan;

import java.util.Locale;

/** What merging would do to one manifest or one of its objects. */
public enum ChangeAction {
    ADDED, CHANGED, REMOVED, UNCHANGED;

    /** The name in reports: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
