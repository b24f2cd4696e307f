package dev.modeldeploy.daemon;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The daemon's one HTTP port: probes, metrics, and whatever the other parts mount (API, pages, webhooks, feedback).
 * /healthz answers while the process can serve; /readyz only once the first reconcile finished, so a rolling update
 * does not send traffic to a replica that has not looked at Git yet.
 */
final class DaemonHttpServer implements AutoCloseable {
    private final Javalin app;

    DaemonHttpServer(PrometheusMeterRegistry metrics, BooleanSupplier ready, List<Consumer<RoutesConfig>> mounts) {
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 16L * 1024 * 1024;
            RoutesConfig routes = config.routes;
            routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
            routes.get("/readyz", ctx -> {
                boolean isReady = ready.getAsBoolean();
                ctx.status(isReady ? 200 : 503).json(Map.of("status", isReady ? "ready" : "starting"));
            });
            routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            mounts.forEach(mount -> mount.accept(routes));
        });
    }

    DaemonHttpServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
