package dev.modeldeploy.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Decides what merging would do to one object: against the base's rendering, or against the live object. */
interface ObjectComparer {

    /**
     * @param before the object on the side head is compared with (base rendering or raw live object), null if absent
     * @param after  the head's rendering of it, null if absent
     */
    Compared compare(ObjectNode before, ObjectNode after);

    /**
     * @param beforeView what to show as the old text (normalized; for a live object, only what the daemon owns)
     * @param afterView  what to show as the new text
     * @param drifted    fields changed in the cluster although Git did not change them (live comparison only)
     */
    record Compared(ChangeAction action, ObjectNode beforeView, ObjectNode afterView, List<String> drifted) {
    }
}
