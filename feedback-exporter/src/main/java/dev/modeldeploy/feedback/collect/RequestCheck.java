package dev.modeldeploy.feedback.collect;

import io.javalin.http.Context;

/**
 * Hook through which the daemon's JWT filter guards the collector's endpoints. It sees the request before its body
 * is read and must not consume the body.
 */
@FunctionalInterface
public interface RequestCheck {
    RequestCheck ALLOW_ALL = ctx -> AccessDecision.ALLOW;

    AccessDecision check(Context ctx);
}
