package dev.modeldeploy.feedback.collect;

import io.javalin.Javalin;
import java.util.function.Supplier;

/** A standalone HTTP server for the collector ({@code modeldeploy feedback serve}), with health and metrics. */
public final class FeedbackServer implements AutoCloseable {
    private final Javalin app;

    private FeedbackServer(Javalin app) {
        this.app = app;
    }

    /**
     * @param metricsText Prometheus exposition served at {@code /metrics}, or null for none
     */
    public static FeedbackServer start(String host, int port, FeedbackRoutes routes, Supplier<String> metricsText) {
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            routes.register(cfg.routes);
            cfg.routes.get("/healthz", ctx -> ctx.result("ok"));
            if (metricsText != null) {
                cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metricsText.get()));
            }
        });
        app.start(host, port);
        return new FeedbackServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
