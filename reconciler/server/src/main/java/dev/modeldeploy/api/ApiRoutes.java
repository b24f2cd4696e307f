package dev.modeldeploy.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.auth.RequestAuthenticator;
import dev.modeldeploy.auth.Role;
import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.manifest.ModelRoute;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only management API under /api/v1 (ODAHU's model deployment and route envelopes), the sync trigger,
 * and this API's own OpenAPI document at /openapi.json.
 */
public final class ApiRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final String OPENAPI_RESOURCE = "web/api-openapi.json";

    private final Supplier<ApiState> state;
    private final Runnable syncNow;
    private final RequestAuthenticator auth;

    private ApiRoutes(Supplier<ApiState> state, Runnable syncNow, RequestAuthenticator auth) {
        this.state = state;
        this.syncNow = syncNow;
        this.auth = auth;
    }

    public static void register(RoutesConfig routes, Supplier<ApiState> state, Runnable syncNow,
                                RequestAuthenticator auth) {
        ApiRoutes api = new ApiRoutes(state, syncNow, auth);
        String openApi = resource(OPENAPI_RESOURCE);
        routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        routes.get("/api/v1/source", api.viewer(api::source));
        routes.get("/api/v1/findings", api.viewer(api::findings));
        routes.get("/api/v1/model/deployment", api.viewer(api::deployments));
        routes.get("/api/v1/model/deployment/{id}", api.viewer(api::deployment));
        routes.get("/api/v1/model/deployment/{id}/changes", api.viewer(api::deploymentChanges));
        routes.get("/api/v1/model/route", api.viewer(api::routes));
        routes.get("/api/v1/model/route/{id}", api.viewer(api::route));
        routes.get("/api/v1/model/route/{id}/changes", api.viewer(api::routeChanges));
        routes.post("/api/v1/sync", api::sync);
    }

    private Handler viewer(Handler handler) {
        return ctx -> {
            ctx.header("Cache-Control", "no-store");
            if (auth.admit(ctx, Role.VIEWER)) {
                handler.handle(ctx);
            } else {
                LOG.debug("{} {} denied: {}", ctx.method(), ctx.path(), ctx.status());
            }
        };
    }

    private ApiState snapshot() {
        ApiState current = state.get();
        return current == null ? ApiState.empty(null) : current;
    }

    private void source(Context ctx) {
        ApiState current = snapshot();
        json(ctx, 200, ApiJson.source(current.source())
                .put("updated", current.updated() == null ? null : current.updated().toString()));
    }

    private void findings(Context ctx) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        snapshot().failedManifests().forEach(f -> f.findings().forEach(finding -> out.add(ApiJson.finding(finding))));
        json(ctx, 200, out);
    }

    private void deployments(Context ctx) {
        ApiState current = snapshot();
        String roleName = ctx.queryParam("roleName");
        Map<String, ObjectNode> byId = new TreeMap<>();
        current.deployments().stream()
                .filter(d -> roleName == null || roleName.equals(d.deployment().spec().roleName()))
                .forEach(d -> byId.put(d.id(), ApiJson.envelope(d)));
        if (roleName == null) {
            failedOnly(current, ModelDeployment.KIND).forEach(f -> byId.putIfAbsent(f.id(), ApiJson.envelope(f)));
        }
        json(ctx, 200, JsonNodeFactory.instance.arrayNode().addAll(byId.values()));
    }

    private void deployment(Context ctx) {
        String id = ctx.pathParam("id");
        ApiState current = snapshot();
        Optional<DeploymentView> view = findDeployment(current, id);
        if (view.isPresent()) {
            json(ctx, 200, ApiJson.envelope(view.get()));
            return;
        }
        Optional<FailedManifest> failed = findFailed(current, ModelDeployment.KIND, id);
        if (failed.isPresent()) {
            json(ctx, 200, ApiJson.envelope(failed.get()));
        } else {
            notFound(ctx, id);
        }
    }

    private void deploymentChanges(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<DeploymentView> view = findDeployment(snapshot(), id);
        if (view.isPresent()) {
            json(ctx, 200, ApiJson.changes(id, view.get().lastChanges()));
        } else {
            notFound(ctx, id);
        }
    }

    private void routes(Context ctx) {
        ApiState current = snapshot();
        Map<String, ObjectNode> byId = new TreeMap<>();
        current.routes().forEach(r -> byId.put(r.id(), ApiJson.envelope(r)));
        failedOnly(current, ModelRoute.KIND).forEach(f -> byId.putIfAbsent(f.id(), ApiJson.envelope(f)));
        json(ctx, 200, JsonNodeFactory.instance.arrayNode().addAll(byId.values()));
    }

    private void route(Context ctx) {
        String id = ctx.pathParam("id");
        ApiState current = snapshot();
        Optional<RouteView> view = current.routes().stream().filter(r -> r.id().equals(id)).findFirst();
        if (view.isPresent()) {
            json(ctx, 200, ApiJson.envelope(view.get()));
            return;
        }
        Optional<FailedManifest> failed = findFailed(current, ModelRoute.KIND, id);
        if (failed.isPresent()) {
            json(ctx, 200, ApiJson.envelope(failed.get()));
        } else {
            notFound(ctx, id);
        }
    }

    private void routeChanges(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<RouteView> view = snapshot().routes().stream().filter(r -> r.id().equals(id)).findFirst();
        if (view.isPresent()) {
            json(ctx, 200, ApiJson.changes(id, view.get().lastChanges()));
        } else {
            notFound(ctx, id);
        }
    }

    private void sync(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        if (!auth.admit(ctx, Role.ADMIN)) {
            return;
        }
        syncNow.run();
        LOG.info("sync requested through the API");
        json(ctx, 202, ApiJson.message("sync requested"));
    }

    static Optional<DeploymentView> findDeployment(ApiState state, String id) {
        return state.deployments().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    private static Optional<FailedManifest> findFailed(ApiState state, String kind, String id) {
        return state.failedManifests().stream()
                .filter(f -> kind.equals(f.kind()) && id.equals(f.id()))
                .findFirst();
    }

    /** Manifests of this kind that failed validation and could be read far enough to know their id. */
    private static List<FailedManifest> failedOnly(ApiState state, String kind) {
        return state.failedManifests().stream().filter(f -> kind.equals(f.kind()) && f.id() != null).toList();
    }

    private static void notFound(Context ctx, String id) {
        json(ctx, 404, ApiJson.message("entity \"" + id + "\" is not found"));
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(ApiJson.write(body));
    }

    static String resource(String name) {
        try (InputStream in = ApiRoutes.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " in the modeldeploy jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
