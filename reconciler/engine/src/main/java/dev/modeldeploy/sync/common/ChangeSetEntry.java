package dev.modeldeploy.sync.common;

import dev.modeldeploy.render.Owner;

/** One object's outcome; reason explains FAILED and SKIPPED (and names drifted fields for CONFIGURED). */
public record ChangeSetEntry(Owner owner, String apiVersion, String kind, String name, Action action, String reason) {
    public String subject() {
        return kind + "/" + name;
    }
}
