package dev.modeldeploy.render.openapi;

import dev.modeldeploy.manifest.ApiExample;
import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.manifest.ModelInfo;
import dev.modeldeploy.manifest.Predictor;
import dev.modeldeploy.render.Tree;
import dev.modeldeploy.render.istio.DeploymentRouteRenderer;
import dev.modeldeploy.render.istio.IstioHeaders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.0 description of one deployment's API as callers see it through the ingress: paths under
 * /model/&lt;id&gt;/, the ODAHU server's invoke/info or Triton's KServe v2 inference protocol, the manifest's
 * examples, and bearer-token auth when JWT access control is on. The service catalog serves these documents.
 */
public final class OpenApiDocument {
    public static final String VERSION = "3.0.3";
    private static final String JSON = "application/json";
    private static final String SCHEMAS = "#/components/schemas/";

    /** Built once: the documents only ever serialize it. */
    private static final Map<String, Object> ODAHU_SCHEMAS = odahuSchemas();

    private OpenApiDocument() {
    }

    public static Map<String, Object> build(ModelDeployment deployment, boolean bearerAuth) {
        ModelInfo model = deployment.spec().model();
        Predictor predictor = deployment.spec().predictor();
        String base = DeploymentRouteRenderer.pathPrefix(deployment.id());
        Map<String, Object> examples = examples(deployment.spec().examples());
        Map<String, Object> paths;
        Map<String, Object> schemas;
        if (predictor == Predictor.TRITON) {
            paths = tritonPaths(base, model, examples, bearerAuth);
            schemas = KserveV2Schemas.all();
        } else {
            paths = odahuPaths(base, model, examples, bearerAuth);
            schemas = ODAHU_SCHEMAS;
        }
        Map<String, Object> components = Tree.map(
                "schemas", schemas,
                "securitySchemes", Tree.map("bearerAuth", Tree.map("type", "http", "scheme", "bearer", "bearerFormat", "JWT")));
        return Tree.map(
                "openapi", VERSION,
                "info", Tree.map(
                        "title", deployment.id(),
                        "version", model.version(),
                        "description", "Model " + model.name() + " version " + model.version() + ", served by "
                                + predictor.manifestValue() + "."),
                "tags", List.of(Tree.map("name", deployment.id())),
                "paths", paths,
                "components", components,
                "security", bearerAuth ? List.of(Tree.map("bearerAuth", List.of())) : null);
    }

    private static Map<String, Object> odahuPaths(String base, ModelInfo model, Map<String, Object> examples, boolean auth) {
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put(base + "api/model/invoke", Tree.map("post", Tree.map(
                "tags", List.of(tag(base)),
                "summary", "Predict with " + model.name() + " " + model.version(),
                "operationId", "invoke",
                "requestBody", Tree.map("required", true, "content", Tree.map(JSON, Tree.map(
                        "schema", ref("PredictionRequest"),
                        "examples", Tree.nonEmpty(side(examples, true))))),
                "responses", responses(auth, Tree.map(
                        "description", "the model's prediction",
                        "headers", responseHeaders(),
                        "content", Tree.map(JSON, Tree.map(
                                "schema", ref("PredictionResponse"),
                                "examples", Tree.nonEmpty(side(examples, false))))), null))));
        paths.put(base + "api/model/info", Tree.map("get", Tree.map(
                "tags", List.of(tag(base)),
                "summary", "Describe the model's inputs and outputs",
                "operationId", "info",
                "responses", responses(auth, Tree.map(
                        "description", "the model server's own description of the model",
                        "headers", responseHeaders(),
                        "content", Tree.map(JSON, Tree.map("schema", Tree.map("type", "object")))), null))));
        return paths;
    }

    private static Map<String, Object> tritonPaths(String base, ModelInfo model, Map<String, Object> examples, boolean auth) {
        String modelPath = base + "v2/models/" + URLEncoder.encode(model.name(), StandardCharsets.UTF_8).replace("+", "%20");
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put(modelPath + "/infer", Tree.map("post", Tree.map(
                "tags", List.of(tag(base)),
                "summary", "Run inference with " + model.name() + " (KServe v2 inference protocol)",
                "operationId", "infer",
                "requestBody", Tree.map("required", true, "content", Tree.map(JSON, Tree.map(
                        "schema", ref("InferenceRequest"),
                        "examples", Tree.nonEmpty(side(examples, true))))),
                "responses", responses(auth, Tree.map(
                        "description", "the inference result",
                        "headers", responseHeaders(),
                        "content", Tree.map(JSON, Tree.map(
                                "schema", ref("InferenceResponse"),
                                "examples", Tree.nonEmpty(side(examples, false))))),
                        Tree.map("description", "the request could not be run",
                                "content", Tree.map(JSON, Tree.map("schema", ref("InferenceError"))))))));
        paths.put(modelPath, Tree.map("get", Tree.map(
                "tags", List.of(tag(base)),
                "summary", "Describe " + model.name() + "'s inputs and outputs",
                "operationId", "modelMetadata",
                "responses", responses(auth, Tree.map(
                        "description", "the model's metadata",
                        "content", Tree.map(JSON, Tree.map("schema", ref("ModelMetadata")))),
                        Tree.map("description", "the model is not loaded",
                                "content", Tree.map(JSON, Tree.map("schema", ref("InferenceError"))))))));
        paths.put(base + "v2/health/ready", Tree.map("get", Tree.map(
                "tags", List.of(tag(base)),
                "summary", "Whether the server and its models are ready",
                "operationId", "serverReady",
                "security", List.of(),
                "responses", Tree.map(
                        "200", Tree.map("description", "ready"),
                        "400", Tree.map("description", "not ready")))));
        return paths;
    }

    private static String tag(String base) {
        return base.substring(DeploymentRouteRenderer.PATH_PREFIX.length(), base.length() - 1);
    }

    private static Map<String, Object> responses(boolean auth, Map<String, Object> ok, Map<String, Object> badRequest) {
        return Tree.map(
                "200", ok,
                "400", badRequest,
                "401", auth ? Tree.map("description", "no valid bearer token") : null,
                "403", auth ? Tree.map("description", "the token's roles do not allow this model") : null);
    }

    private static Map<String, Object> responseHeaders() {
        return Tree.map(
                IstioHeaders.MODEL_NAME, header("the model's name"),
                IstioHeaders.MODEL_VERSION, header("the model's version"),
                IstioHeaders.REQUEST_ID, header("this request's id; send it with feedback about the prediction"));
    }

    private static Map<String, Object> header(String description) {
        return Tree.map("description", description, "schema", Tree.map("type", "string"));
    }

    private static Map<String, Object> ref(String schema) {
        return Tree.map("$ref", SCHEMAS + schema);
    }

    /** The manifest's examples by name; unnamed ones are called example-1, example-2, ... */
    private static Map<String, Object> examples(List<ApiExample> examples) {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            ApiExample example = examples.get(i);
            String name = example.name() == null || example.name().isBlank() ? "example-" + (i + 1) : example.name();
            String unique = name;
            for (int n = 2; byName.containsKey(unique); n++) {
                unique = name + "-" + n;
            }
            byName.put(unique, example);
        }
        return byName;
    }

    private static Map<String, Object> side(Map<String, Object> examples, boolean request) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : examples.entrySet()) {
            ApiExample example = (ApiExample) e.getValue();
            Object value = request ? example.request() : example.response();
            if (value != null) {
                out.put(e.getKey(), Tree.map("value", value));
            }
        }
        return out;
    }

    private static Map<String, Object> odahuSchemas() {
        Map<String, Object> anyValue = Tree.map();
        return Tree.map(
                "PredictionRequest", Tree.map(
                        "type", "object",
                        "required", List.of("data"),
                        "properties", Tree.map(
                                "columns", Tree.map("type", "array", "items", Tree.map("type", "string"),
                                        "description", "the names of the features, in the order of each row"),
                                "data", Tree.map("type", "array", "description", "rows of feature values",
                                        "items", Tree.map("type", "array", "items", anyValue)))),
                "PredictionResponse", Tree.map(
                        "type", "object",
                        "properties", Tree.map(
                                "prediction", Tree.map("type", "array", "items", anyValue,
                                        "description", "one prediction per input row"),
                                "columns", Tree.map("type", "array", "items", Tree.map("type", "string"),
                                        "description", "the names of the predicted values"))));
    }
}
