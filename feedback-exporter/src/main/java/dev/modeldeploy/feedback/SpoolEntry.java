package dev.modeldeploy.feedback;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What the collector writes to the spool: either a finished feedback record or one half of an inference log. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = FeedbackEntry.class, name = "feedback"),
        @JsonSubTypes.Type(value = InferenceEvent.class, name = "inference")
})
public sealed interface SpoolEntry permits FeedbackEntry, InferenceEvent {
    String requestId();

    long receivedAtMillis();
}
