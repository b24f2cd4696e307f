package dev.modeldeploy.feedback.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.feedback.EntryCodec;
import io.javalin.http.Context;
import java.io.UncheckedIOException;

/** JSON answers in the shape ODAHU's feedback API uses: {@code {"error": true|false, ...}}. */
final class Replies {
    private Replies() {
    }

    static void json(Context ctx, int status, ObjectNode body) {
        try {
            ctx.status(status).contentType("application/json").result(EntryCodec.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void error(Context ctx, int status, String message) {
        json(ctx, status, EntryCodec.mapper().createObjectNode().put("error", true).put("message", message));
    }

    static void retryLater(Context ctx, int retryAfterSeconds, String message) {
        ctx.header("Retry-After", Integer.toString(retryAfterSeconds));
        error(ctx, 503, message);
    }

    /** Answers 401/403 itself and returns false when the check refuses the request. */
    static boolean allowed(Context ctx, RequestCheck check) {
        AccessDecision decision = check.check(ctx);
        switch (decision) {
            case ALLOW -> {
                return true;
            }
            case UNAUTHORIZED -> {
                ctx.header("WWW-Authenticate", "Bearer");
                error(ctx, 401, "missing or invalid credentials: send 'Authorization: Bearer <token>'");
                return false;
            }
            default -> {
                error(ctx, 403, "the token is valid but not allowed to send feedback");
                return false;
            }
        }
    }
}
