package dev.modeldeploy.diff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The JSON merge patch that brings one live object to the desired state (empty when it already matches), with
 * the fields it touches: drifted = changed in the cluster though Git still says the same, changed = Git changed.
 */
public record ObjectDiff(ObjectNode patch, List<String> driftedFields, List<String> changedFields) {

    public boolean isEmpty() {
        return patch.isEmpty();
    }

    public boolean healsDrift() {
        return !driftedFields.isEmpty();
    }

    /** One line for logs and the change set: which fields, never their values (they may be secret). */
    public String summary() {
        StringBuilder s = new StringBuilder();
        if (!changedFields.isEmpty()) {
            s.append("changed ").append(String.join(", ", changedFields));
        }
        if (!driftedFields.isEmpty()) {
            if (!s.isEmpty()) {
                s.append("; ");
            }
            s.append("drift healed ").append(String.join(", ", driftedFields));
        }
        return s.toString();
    }
}
