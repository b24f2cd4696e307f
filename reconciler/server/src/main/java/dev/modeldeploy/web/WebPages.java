package dev.modeldeploy.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.api.ApiJson;
import dev.modeldeploy.api.ApiState;
import dev.modeldeploy.api.DeploymentView;
import dev.modeldeploy.auth.RequestAuthenticator;
import dev.modeldeploy.auth.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The pages the daemon serves: the status page at /, and the service catalog (Swagger UI from its webjar) at
 * /swagger/index.html listing each deployed model's OpenAPI document and this daemon's own. The pages are static;
 * their data comes from the API, so the same token rules apply to what they show.
 */
public final class WebPages {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String CATALOG = "/api/v1/catalog";

    private final Supplier<ApiState> state;
    private final RequestAuthenticator auth;
    private final ClasspathFiles files = new ClasspathFiles();
    private final String swaggerUiRoot = "META-INF/resources/webjars/swagger-ui/" + SwaggerUiVersion.get() + "/";

    private WebPages(Supplier<ApiState> state, RequestAuthenticator auth) {
        this.state = state;
        this.auth = auth;
    }

    public static void register(RoutesConfig routes, Supplier<ApiState> state, RequestAuthenticator auth) {
        WebPages pages = new WebPages(state, auth);
        routes.get("/", ctx -> pages.page(ctx, "web/index.html"));
        routes.get("/ui/{file}", ctx -> pages.asset(ctx, "web/ui/", ctx.pathParam("file"), false));
        routes.get("/swagger", ctx -> ctx.redirect("/swagger/index.html"));
        routes.get("/swagger/", ctx -> ctx.redirect("/swagger/index.html"));
        routes.get("/swagger/{file}", pages::swagger);
        routes.get(CATALOG, pages::catalog);
        routes.get(CATALOG + "/{id}/openapi.json", pages::modelOpenApi);
    }

    private void swagger(Context ctx) {
        String file = ctx.pathParam("file");
        // Our own page and initializer replace the webjar's: they list the models' documents, not the petstore.
        if (file.equals("index.html") || file.equals("swagger-initializer.js")) {
            asset(ctx, "web/swagger/", file, false);
        } else {
            asset(ctx, swaggerUiRoot, file, true);
        }
    }

    private void page(Context ctx, String resource) {
        serve(ctx, resource, false);
    }

    private void asset(Context ctx, String root, String file, boolean immutable) {
        if (!FILE_NAME.matcher(file).matches()) {
            notFound(ctx, file);
            return;
        }
        serve(ctx, root + file, immutable);
    }

    private void serve(Context ctx, String resource, boolean immutable) {
        Optional<byte[]> body = files.read(resource);
        if (body.isEmpty()) {
            notFound(ctx, resource.substring(resource.lastIndexOf('/') + 1));
            return;
        }
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", immutable ? "public, max-age=86400" : "no-cache");
        ctx.contentType(ClasspathFiles.contentType(resource)).result(body.get());
    }

    private void catalog(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        if (!auth.admit(ctx, Role.VIEWER)) {
            return;
        }
        ApiState current = state.get();
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        new TreeMap<>(current.openApiByDeployment()).keySet().forEach(id -> {
            ObjectNode entry = out.addObject();
            entry.put("id", id);
            entry.put("openapi", CATALOG + "/" + id + "/openapi.json");
            Optional<DeploymentView> view = deployment(current, id);
            entry.put("modelUrl", view.map(v -> v.status() == null ? null : v.status().url()).orElse(null));
            entry.put("state", view.map(v -> v.status() == null || v.status().state() == null
                    ? null : v.status().state().name()).orElse(null));
        });
        json(ctx, 200, out);
    }

    private void modelOpenApi(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        if (!auth.admit(ctx, Role.VIEWER)) {
            return;
        }
        String id = ctx.pathParam("id");
        ApiState current = state.get();
        String document = current.openApiByDeployment().get(id);
        if (document == null) {
            json(ctx, 404, ApiJson.message("entity \"" + id + "\" is not found"));
            return;
        }
        JsonNode parsed;
        try {
            parsed = ApiJson.MAPPER.readTree(document);
        } catch (JsonProcessingException e) {
            json(ctx, 500, ApiJson.message("the OpenAPI document of \"" + id + "\" is not valid JSON"));
            return;
        }
        String modelUrl = deployment(current, id).map(v -> v.status() == null ? null : v.status().url()).orElse(null);
        if (parsed instanceof ObjectNode doc && modelUrl != null) {
            // "Try it out" must call the model where it is served, not this daemon.
            relativeToModel(doc, id);
            ArrayNode servers = doc.putArray("servers");
            servers.addObject().put("url", modelUrl).put("description", id);
        }
        json(ctx, 200, parsed);
    }

    /**
     * The renderers describe a model as callers see it through the ingress, under /model/&lt;id&gt;/; the model's own
     * URL serves the same API at its root, so the paths lose that prefix when the server is the model's URL.
     */
    private static void relativeToModel(ObjectNode doc, String id) {
        String prefix = "/model/" + id;
        if (!(doc.get("paths") instanceof ObjectNode paths) || paths.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>();
        paths.fieldNames().forEachRemaining(names::add);
        if (!names.stream().allMatch(name -> name.startsWith(prefix + "/"))) {
            return;
        }
        ObjectNode relative = doc.objectNode();
        names.forEach(name -> relative.set(name.substring(prefix.length()), paths.get(name)));
        doc.set("paths", relative);
    }

    private static Optional<DeploymentView> deployment(ApiState state, String id) {
        return state.deployments().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    private static void notFound(Context ctx, String what) {
        json(ctx, 404, ApiJson.message("\"" + what + "\" is not found"));
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(ApiJson.write(body));
    }
}
