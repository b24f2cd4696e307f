package dev.modeldeploy.daemon;

import dev.modeldeploy.git.webhook.WebhookVerification;
import dev.modeldeploy.git.webhook.WebhookVerifier;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push webhooks ({@code POST /webhook/github|gitlab|generic}) that wake the reconcile loop at once. A delivery is
 * believed only when its signature checks out; anything else gets 401 and triggers nothing. Pushes to other branches
 * (the status branch included) are acknowledged and ignored, so our own status commits never loop back.
 */
final class WebhookRoutes {
    private static final Logger log = LoggerFactory.getLogger(WebhookRoutes.class);

    private final Optional<byte[]> secret;
    private final String watchedBranch;
    private final Runnable wake;

    WebhookRoutes(Optional<byte[]> secret, String watchedBranch, Runnable wake) {
        this.secret = secret;
        this.watchedBranch = watchedBranch;
        this.wake = wake;
    }

    void register(RoutesConfig routes) {
        routes.post("/webhook/{provider}", this::receive);
    }

    private void receive(Context ctx) {
        WebhookVerifier.Provider provider;
        try {
            provider = WebhookVerifier.Provider.parse(ctx.pathParam("provider"));
        } catch (IllegalArgumentException e) {
            ctx.status(404).json(Map.of("message", "unknown webhook provider '" + ctx.pathParam("provider")
                    + "': use /webhook/github, /webhook/gitlab or /webhook/generic"));
            return;
        }
        if (secret.isEmpty()) {
            ctx.status(401).json(Map.of("message",
                    "webhooks are not configured: set webhook.secretFile or webhook.secretEnv"));
            return;
        }
        WebhookVerification verdict = new WebhookVerifier(provider, secret.get()).verify(ctx::header, ctx.bodyAsBytes());
        if (!verdict.accepted()) {
            log.atWarn().addKeyValue("provider", provider.name().toLowerCase(Locale.ROOT))
                    .addKeyValue("remote", ctx.ip()).log("rejected webhook: {}", verdict.reason());
            ctx.status(401).json(Map.of("message", verdict.reason()));
            return;
        }
        if (!verdict.concerns(watchedBranch)) {
            ctx.status(202).json(Map.of("message", "ignored: push to " + verdict.pushedBranch().orElse("?")
                    + ", watching " + watchedBranch));
            return;
        }
        wake.run();
        ctx.status(202).json(Map.of("message", "reconcile requested"));
    }
}
