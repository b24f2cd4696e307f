package dev.modeldeploy.auth;

import io.javalin.http.Context;
import java.util.Set;

/**
 * The answer to "may this request go on?". status is 200 when allowed, 401 for a missing or bad token, 403 for a
 * good token without the needed role, 503 when the signing keys cannot be had. message never contains the token.
 * error is the RFC 6750 error code for the WWW-Authenticate header (null when allowed or on 503).
 */
public record AuthDecision(int status, String subject, Set<String> roles, String error, String message) {

    public static AuthDecision allow(String subject, Set<String> roles) {
        return new AuthDecision(200, subject, Set.copyOf(roles), null, "allowed");
    }

    public static AuthDecision unauthorized(String error, String message) {
        return new AuthDecision(401, null, Set.of(), error, message);
    }

    public static AuthDecision forbidden(String subject, Set<String> roles, String message) {
        return new AuthDecision(403, subject, Set.copyOf(roles), "insufficient_scope", message);
    }

    public static AuthDecision unavailable(String message) {
        return new AuthDecision(503, null, Set.of(), null, message);
    }

    public boolean allowed() {
        return status == 200;
    }

    /** The WWW-Authenticate header value for a denial, or null. */
    public String wwwAuthenticate() {
        if (error == null) {
            return null;
        }
        return "Bearer realm=\"modeldeploy\", error=\"" + error + "\", error_description=\"" + quotable(message) + "\"";
    }

    /** {"message": "..."}: the body of a denial. */
    public String jsonBody() {
        return "{\"message\": \"" + jsonEscape(message) + "\"}";
    }

    /** Writes this denial as the response; does nothing when allowed. */
    public void applyTo(Context ctx) {
        if (allowed()) {
            return;
        }
        ctx.status(status);
        String challenge = wwwAuthenticate();
        if (challenge != null) {
            ctx.header("WWW-Authenticate", challenge);
        }
        ctx.contentType("application/json").result(jsonBody());
    }

    private static String quotable(String text) {
        // RFC 6750 limits error_description to printable ASCII without '"' and '\'.
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '\'');
        }
        return out.toString();
    }

    private static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
