package dev.modeldeploy.auth;

import io.javalin.http.Context;
import java.util.function.Function;

/**
 * Decides whether an HTTP request may read (viewer) or act (admin). Shared by the HTTP API, the pages' data and
 * the feedback collector, which takes {@link #requiring(Role)} or {@link #headerCheck(Role)} as its hook.
 */
public interface RequestAuthenticator {

    /** authorization is the raw Authorization header value, or null when the request has none. */
    AuthDecision check(String authorization, Role needed);

    /** One line for the daemon's start-up log saying plainly whether and how requests are authenticated. */
    String startupMessage();

    boolean enabled();

    default AuthDecision check(Context ctx, Role needed) {
        return check(ctx.header("Authorization"), needed);
    }

    default Function<Context, AuthDecision> requiring(Role needed) {
        return ctx -> check(ctx, needed);
    }

    /** For servers that are not Javalin: the Authorization header in, the decision out. */
    default Function<String, AuthDecision> headerCheck(Role needed) {
        return header -> check(header, needed);
    }

    /** Allows the request, or writes the 401/403/503 answer and returns false. */
    default boolean admit(Context ctx, Role needed) {
        AuthDecision decision = check(ctx, needed);
        decision.applyTo(ctx);
        return decision.allowed();
    }

    static RequestAuthenticator from(AuthSettings settings) {
        return settings.enabled() ? JwtAuthenticator.create(settings) : new OpenAccess();
    }
}
