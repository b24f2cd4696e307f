package dev.modeldeploy.feedback.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.feedback.FeedbackEntry;
import dev.modeldeploy.feedback.InferenceEvent;
import dev.modeldeploy.feedback.OdahuTime;
import dev.modeldeploy.feedback.RecordKind;
import java.util.TreeMap;

/** Builds records in ODAHU's field names and order (see the Feedback section of ODAHU's Model Deployments page). */
public final class OdahuRecords {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OdahuRecords() {
    }

    public static OutputRecord feedback(FeedbackEntry entry) {
        ObjectNode json = NODES.objectNode();
        json.put("request_id", entry.requestId());
        json.put("model_version", entry.modelVersion());
        json.put("model_name", entry.modelName());
        json.putObject("payload").set("json", entry.body());
        json.put("time", OdahuTime.format(entry.receivedAtMillis()));
        return new OutputRecord(RecordKind.FEEDBACK, entry.modelName(), entry.modelVersion(), entry.receivedAtMillis(), json);
    }

    /**
     * The request/response meta record. Either side may be missing when its event never arrived within the pairing
     * window; then the fields only that side knows are null. KServe's logger only logs responses with status 200,
     * so a response event implies {@code response_status} "200".
     */
    public static OutputRecord requestResponse(InferenceEvent request, InferenceEvent response) {
        InferenceEvent known = request != null ? request : response;
        ObjectNode json = NODES.objectNode();
        json.put("request_id", known.requestId());
        json.put("request_content", request == null ? null : request.content());
        json.put("request_uri", known.requestUri());
        ObjectNode requestHeaders = json.putObject("request_http_headers");
        new TreeMap<>(known.requestHeaders()).forEach(requestHeaders::put);
        if (response == null) {
            json.putNull("response_http_headers");
            json.putNull("response_status");
        } else {
            ObjectNode responseHeaders = json.putObject("response_http_headers");
            responseHeaders.put(":status", "200");
            if (response.contentType() != null) {
                responseHeaders.put("content-type", response.contentType());
            }
            responseHeaders.put("model-name", response.modelName());
            responseHeaders.put("model-version", response.modelVersion());
            responseHeaders.put("request-id", response.requestId());
            json.put("response_status", "200");
        }
        json.put("request_host", known.requestHost());
        json.put("request_http_method", known.requestMethod());
        json.put("model_name", known.modelName());
        json.put("model_version", known.modelVersion());
        long time = known.eventTimeMillis();
        json.put("time", OdahuTime.format(time));
        return new OutputRecord(RecordKind.REQUEST_RESPONSE, known.modelName(), known.modelVersion(), time, json);
    }

    /** The response body record; its time is the request's when the request is known, so both records share it. */
    public static OutputRecord responseBody(InferenceEvent request, InferenceEvent response) {
        long time = request != null ? request.eventTimeMillis() : response.eventTimeMillis();
        ObjectNode json = NODES.objectNode();
        json.put("request_id", response.requestId());
        json.put("model_version", response.modelVersion());
        json.put("model_name", response.modelName());
        json.put("response_content", response.content());
        json.put("time", OdahuTime.format(time));
        return new OutputRecord(RecordKind.RESPONSE_BODY, response.modelName(), response.modelVersion(), time, json);
    }
}
