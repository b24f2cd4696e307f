package dev.modeldeploy.feedback.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.feedback.EntryCodec;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

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

    /** Reads what a request carries; the exceptions are the client's mistakes, answered as 400 or 413. */
    @FunctionalInterface
    interface RequestReader<T> {
        T read(Context ctx) throws BadRequestException, BodyTooLargeException, IOException;
    }

    /**
     * Checks access and reads the request, answering 401/403, 400 or 413 itself; empty when it has answered, so
     * the endpoint only handles well-formed, allowed requests.
     */
    static <T> Optional<T> accept(Context ctx, RequestCheck check, RequestReader<T> reader) {
        if (!allowed(ctx, check)) {
            return Optional.empty();
        }
        try {
            return Optional.of(reader.read(ctx));
        } catch (BadRequestException e) {
            error(ctx, 400, e.getMessage());
        } catch (BodyTooLargeException e) {
            error(ctx, 413, e.getMessage());
        } catch (IOException e) {
            error(ctx, 400, "could not read the request body: " + e.getMessage());
        }
        return Optional.empty();
    }
}
