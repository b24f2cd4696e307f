package dev.modeldeploy.feedback.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.feedback.RecordKind;

/** One line of an exported JSON Lines object, with what decides which object it goes to. */
public record OutputRecord(RecordKind kind, String modelName, String modelVersion, long timeMillis, ObjectNode json) {
}
