package dev.modeldeploy.api;

import dev.modeldeploy.auth.RequestAuthenticator;
import dev.modeldeploy.web.WebPages;
import io.javalin.Javalin;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** The API and pages on an ephemeral loopback port over a state the test controls, as the daemon wires them. */
public final class ApiTestServer implements AutoCloseable {

    private final AtomicReference<ApiState> state;
    private final AtomicInteger syncs = new AtomicInteger();
    private final Javalin app;

    public ApiTestServer(ApiState initial, RequestAuthenticator auth) {
        state = new AtomicReference<>(initial);
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            ApiRoutes.register(cfg.routes, state::get, syncs::incrementAndGet, auth);
            WebPages.register(cfg.routes, state::get, auth);
        }).start("127.0.0.1", 0);
    }

    public String url() {
        return "http://127.0.0.1:" + app.port();
    }

    public void update(UnaryOperator<ApiState> change) {
        state.updateAndGet(change);
    }

    public ApiState state() {
        return state.get();
    }

    public int syncs() {
        return syncs.get();
    }

    @Override
    public void close() {
        app.stop();
    }
}
