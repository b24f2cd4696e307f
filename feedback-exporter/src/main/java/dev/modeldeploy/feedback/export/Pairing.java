package dev.modeldeploy.feedback.export;

import dev.modeldeploy.feedback.InferenceEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs request and response events of the same prediction, whichever arrives first. Events still unpaired at the
 * end of a batch are carried to the next batch (persisted with the batch plan) until the pairing window ends; then
 * they are written with what is known. A reused request id pairs first-come with first-come.
 */
final class Pairing {
    private final Map<String, Slot> slots = new LinkedHashMap<>();

    private static final class Slot {
        final Deque<InferenceEvent> requests = new ArrayDeque<>();
        final Deque<InferenceEvent> responses = new ArrayDeque<>();
    }

    Pairing(List<InferenceEvent> carried) {
        for (InferenceEvent event : carried) {
            add(event, null);
        }
    }

    void add(InferenceEvent event, List<OutputRecord> out) {
        Slot slot = slots.computeIfAbsent(key(event), k -> new Slot());
        (event.phase() == InferenceEvent.Phase.REQUEST ? slot.requests : slot.responses).addLast(event);
        if (!slot.requests.isEmpty() && !slot.responses.isEmpty()) {
            InferenceEvent request = slot.requests.removeFirst();
            InferenceEvent response = slot.responses.removeFirst();
            if (out == null) {
                throw new IllegalStateException("carried events must not pair with each other: " + event.requestId());
            }
            out.add(OdahuRecords.requestResponse(request, response));
            out.add(OdahuRecords.responseBody(request, response));
        }
        if (slot.requests.isEmpty() && slot.responses.isEmpty()) {
            slots.remove(key(event));
        }
    }

    /** Writes out every event received before {@code cutoffMillis} on its own and returns the events still waiting. */
    List<InferenceEvent> expire(long cutoffMillis, List<OutputRecord> out) {
        List<InferenceEvent> waiting = new ArrayList<>();
        for (Iterator<Slot> it = slots.values().iterator(); it.hasNext(); ) {
            Slot slot = it.next();
            for (InferenceEvent request : slot.requests) {
                if (request.receivedAtMillis() < cutoffMillis) {
                    out.add(OdahuRecords.requestResponse(request, null));
                } else {
                    waiting.add(request);
                }
            }
            for (InferenceEvent response : slot.responses) {
                if (response.receivedAtMillis() < cutoffMillis) {
                    out.add(OdahuRecords.requestResponse(null, response));
                    out.add(OdahuRecords.responseBody(null, response));
                } else {
                    waiting.add(response);
                }
            }
            it.remove();
        }
        return waiting;
    }

    private static String key(InferenceEvent event) {
        return event.modelName() + '\u0000' + event.modelVersion() + '\u0000' + event.requestId();
    }
}
