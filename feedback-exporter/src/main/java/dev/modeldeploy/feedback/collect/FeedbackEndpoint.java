package dev.modeldeploy.feedback.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.feedback.EntryCodec;
import dev.modeldeploy.feedback.FeedbackEntry;
import dev.modeldeploy.feedback.RecordKind;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /feedback/model/}: ODAHU's feedback API. Headers {@code x-model-name}, {@code x-model-version}
 * (or {@code model-name}, {@code model-version}) and {@code Request-ID}; any JSON body.
 */
final class FeedbackEndpoint {
    static final ObjectReader JSON = EntryCodec.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final DurableAppend spool;
    private final CollectorSettings settings;
    private final RequestCheck check;
    private final Clock clock;

    FeedbackEndpoint(DurableAppend spool, CollectorSettings settings, RequestCheck check, Clock clock) {
        this.spool = spool;
        this.settings = settings;
        this.check = check;
        this.clock = clock;
    }

    void handle(Context ctx) {
        Replies.accept(ctx, check, this::parse).ifPresent(entry ->
                spool.append(ctx, entry, RecordKind.FEEDBACK, () -> Replies.json(ctx, 200, registered(entry))));
    }

    private FeedbackEntry parse(Context ctx) throws BadRequestException, BodyTooLargeException, IOException {
        String name = header(ctx, "x-model-name", "model-name");
        String version = header(ctx, "x-model-version", "model-version");
        String requestId = header(ctx, "Request-ID", null);
        List<String> missing = new ArrayList<>();
        if (name == null) {
            missing.add("x-model-name");
        }
        if (version == null) {
            missing.add("x-model-version");
        }
        if (requestId == null) {
            missing.add("Request-ID");
        }
        if (!missing.isEmpty()) {
            throw new BadRequestException("missing header" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + "; send x-model-name, x-model-version and the Request-ID of the prediction this feedback is about");
        }
        Names.pathSafe("x-model-name", name);
        Names.pathSafe("x-model-version", version);
        Names.requestId("Request-ID", requestId);
        byte[] body = BodyReader.read(ctx, settings.maxBodyBytes());
        return new FeedbackEntry(requestId, name, version, parseJson(body), clock.millis());
    }

    static JsonNode parseJson(byte[] body) throws BadRequestException {
        if (body.length == 0) {
            throw new BadRequestException("request body is empty; send the feedback as JSON, e.g. {\"truthful\": 1}");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new BadRequestException("request body is empty; send the feedback as JSON, e.g. {\"truthful\": 1}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequestException("request body is not JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new BadRequestException("request body is not JSON: " + e.getMessage());
        }
    }

    private static ObjectNode registered(FeedbackEntry entry) {
        ObjectNode reply = EntryCodec.mapper().createObjectNode();
        reply.put("error", false);
        reply.put("registered", true);
        ObjectNode message = reply.putObject("message");
        message.put("RequestID", entry.requestId());
        message.put("ModelVersion", entry.modelVersion());
        message.put("ModelName", entry.modelName());
        message.putObject("Payload").set("json", entry.body());
        return reply;
    }

    private static String header(Context ctx, String name, String alternative) {
        String value = ctx.header(name);
        if ((value == null || value.isBlank()) && alternative != null) {
            value = ctx.header(alternative);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
