package dev.modeldeploy.feedback.collect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.feedback.EntryCodec;
import dev.modeldeploy.feedback.InferenceEvent;
import dev.modeldeploy.feedback.RecordKind;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;

/**
 * {@code POST /log}: inference request and response CloudEvents as KServe's logger agent sends them (binary mode:
 * attributes in {@code ce-*} headers, the payload as body; structured mode with
 * {@code application/cloudevents+json} is accepted too).
 *
 * <p>The agent sends {@code ce-id} (the request id, shared by request and response), {@code ce-type}
 * ({@code org.kubeflow.serving.inference.request|response}), {@code ce-source}, {@code ce-specversion},
 * {@code ce-time}, and the extensions {@code ce-inferenceservicename}, {@code ce-namespace}, {@code ce-component},
 * {@code ce-endpoint}, {@code ce-metadata} (JSON object of the request headers it was told to forward, each a list)
 * and optionally {@code ce-annotations}. The model is named by the extensions {@code ce-modelname} /
 * {@code ce-modelversion} when present, else by a forwarded {@code x-model-name}/{@code model-name} (and version)
 * request header, else by the inference service name with version "1".
 */
final class InferenceLogEndpoint {
    static final String REQUEST_TYPE = "org.kubeflow.serving.inference.request";
    static final String RESPONSE_TYPE = "org.kubeflow.serving.inference.response";
    private static final String STRUCTURED = "application/cloudevents+json";

    private final DurableAppend spool;
    private final CollectorSettings settings;
    private final RequestCheck check;
    private final Clock clock;

    InferenceLogEndpoint(DurableAppend spool, CollectorSettings settings, RequestCheck check, Clock clock) {
        this.spool = spool;
        this.settings = settings;
        this.check = check;
        this.clock = clock;
    }

    void handle(Context ctx) {
        Optional<InferenceEvent> accepted = Replies.accept(ctx, check, this::read);
        if (accepted.isEmpty()) {
            return;
        }
        InferenceEvent event = accepted.get();
        RecordKind kind = event.phase() == InferenceEvent.Phase.REQUEST ? RecordKind.REQUEST_RESPONSE : RecordKind.RESPONSE_BODY;
        spool.append(ctx, event, kind, () -> Replies.json(ctx, 200, EntryCodec.mapper().createObjectNode()
                .put("error", false).put("registered", true).put("id", event.requestId())));
    }

    private InferenceEvent read(Context ctx) throws BadRequestException, BodyTooLargeException, IOException {
        byte[] body = BodyReader.read(ctx, settings.maxBodyBytes());
        String contentType = ctx.header("Content-Type");
        Attributes attributes = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(STRUCTURED)
                ? Attributes.structured(body) : Attributes.binary(ctx, body);
        return toEvent(attributes);
    }

    /** CloudEvent attributes (lower-case names without the ce- prefix) and the payload. */
    private record Attributes(Map<String, String> values, String dataContentType, byte[] data) {
        String get(String name) {
            String value = values.get(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        static Attributes binary(Context ctx, byte[] body) {
            Map<String, String> values = new HashMap<>();
            for (var names = ctx.req().getHeaderNames(); names.hasMoreElements(); ) {
                String name = names.nextElement();
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.startsWith("ce-")) {
                    values.put(lower.substring(3), ctx.req().getHeader(name));
                }
            }
            return new Attributes(values, ctx.header("Content-Type"), body);
        }

        static Attributes structured(byte[] body) throws BadRequestException {
            JsonNode envelope = FeedbackEndpoint.parseJson(body);
            if (!envelope.isObject()) {
                throw new BadRequestException("structured CloudEvent must be a JSON object");
            }
            Map<String, String> values = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = envelope.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals("data") && !field.getKey().equals("data_base64")) {
                    JsonNode v = field.getValue();
                    values.put(field.getKey().toLowerCase(Locale.ROOT), v.isTextual() ? v.asText() : v.toString());
                }
            }
            byte[] data;
            JsonNode dataNode = envelope.get("data");
            if (envelope.hasNonNull("data_base64")) {
                try {
                    data = Base64.getDecoder().decode(envelope.get("data_base64").asText());
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException("data_base64 is not base64: " + e.getMessage());
                }
            } else if (dataNode == null || dataNode.isNull()) {
                data = new byte[0];
            } else {
                data = (dataNode.isTextual() ? dataNode.asText() : dataNode.toString()).getBytes(StandardCharsets.UTF_8);
            }
            return new Attributes(values, values.get("datacontenttype"), data);
        }
    }

    private InferenceEvent toEvent(Attributes a) throws BadRequestException {
        List<String> missing = new ArrayList<>();
        for (String required : List.of("specversion", "id", "type", "source")) {
            if (a.get(required) == null) {
                missing.add("ce-" + required);
            }
        }
        if (!missing.isEmpty()) {
            throw new BadRequestException("not a CloudEvent: missing " + String.join(", ", missing)
                    + "; point KServe's inference logger (spec.predictor.logger.url) at this endpoint");
        }
        InferenceEvent.Phase phase = switch (a.get("type")) {
            case REQUEST_TYPE -> InferenceEvent.Phase.REQUEST;
            case RESPONSE_TYPE -> InferenceEvent.Phase.RESPONSE;
            default -> throw new BadRequestException("unsupported ce-type '" + a.get("type") + "'; expected " + REQUEST_TYPE + " or " + RESPONSE_TYPE);
        };
        String requestId = Names.requestId("ce-id", a.get("id"));
        Map<String, String> forwarded = forwardedHeaders(a.get("metadata"));
        String modelName = firstNonNull(a.get("modelname"), forwarded.get("x-model-name"), forwarded.get("model-name"), a.get("inferenceservicename"));
        if (modelName == null) {
            throw new BadRequestException("cannot tell which model this event is about: send ce-inferenceservicename (or ce-modelname)");
        }
        String modelVersion = firstNonNull(a.get("modelversion"), forwarded.get("x-model-version"), forwarded.get("model-version"), "1");
        Names.pathSafe("model name", modelName);
        Names.pathSafe("model version", modelVersion);
        long received = clock.millis();
        long eventTime = a.get("time") == null ? received : parseTime(a.get("time"));
        URI source = parseSource(a.get("source"));
        String uri = firstNonNull(forwarded.get("x-original-uri"), forwarded.get("x-envoy-original-path"), forwarded.get(":path"),
                source == null || source.getRawPath() == null || source.getRawPath().isEmpty() ? null : source.getRawPath());
        String host = firstNonNull(forwarded.get(":authority"), forwarded.get("x-forwarded-host"), forwarded.get("host"),
                source == null ? null : source.getHost());
        String method = firstNonNull(forwarded.get(":method"), "POST");
        String contentType = a.dataContentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(STRUCTURED)) {
            contentType = null;
        }
        if (contentType != null && !forwarded.containsKey("content-type") && phase == InferenceEvent.Phase.REQUEST) {
            forwarded.put("content-type", contentType);
        }
        return new InferenceEvent(phase, requestId, modelName, modelVersion, eventTime, received, contentType,
                new String(a.data(), StandardCharsets.UTF_8), CredentialHeaders.strip(forwarded), uri, host, method);
    }

    /** ce-metadata is a JSON object mapping header names to lists of values; values are joined with commas. */
    private static Map<String, String> forwardedHeaders(String metadata) throws BadRequestException {
        Map<String, String> headers = new HashMap<>();
        if (metadata == null) {
            return headers;
        }
        JsonNode node;
        try {
            node = EntryCodec.mapper().readTree(metadata);
        } catch (IOException e) {
            throw new BadRequestException("ce-metadata is not JSON: " + e.getMessage());
        }
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            throw new BadRequestException("ce-metadata must be a JSON object of header names to value lists");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            String joined;
            if (value.isArray()) {
                List<String> parts = new ArrayList<>();
                value.forEach(v -> parts.add(v.asText()));
                joined = String.join(",", parts);
            } else {
                joined = value.asText();
            }
            headers.put(field.getKey().toLowerCase(Locale.ROOT), joined);
        }
        return headers;
    }

    private static long parseTime(String time) throws BadRequestException {
        try {
            return OffsetDateTime.parse(time).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new BadRequestException("ce-time '" + time + "' is not an RFC 3339 timestamp");
        }
    }

    private static URI parseSource(String source) {
        try {
            return URI.create(source);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
