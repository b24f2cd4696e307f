package dev.modeldeploy.render.openapi;

import dev.modeldeploy.render.Tree;
import java.util.List;
import java.util.Map;

/** The request and response shapes of the KServe v2 (Open Inference) protocol that Triton speaks over HTTP/REST. */
final class KserveV2Schemas {
    private static final List<String> DATATYPES = List.of(
            "BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES");

    /** Built once: the documents only ever serialize it. */
    private static final Map<String, Object> ALL = build();

    private KserveV2Schemas() {
    }

    static Map<String, Object> all() {
        return ALL;
    }

    private static Map<String, Object> build() {
        Map<String, Object> parameters = Tree.map("type", "object", "additionalProperties", true);
        Map<String, Object> shape = Tree.map("type", "array", "items", Tree.map("type", "integer", "format", "int64"));
        Map<String, Object> datatype = Tree.map("type", "string", "enum", Tree.listOf(DATATYPES));
        Map<String, Object> data = Tree.map("description", "the tensor's elements in row-major order, flat or nested");
        // An input of a request and an output of a response carry a tensor the same way.
        Map<String, Object> tensor = Tree.map(
                "type", "object",
                "required", List.of("name", "shape", "datatype", "data"),
                "properties", Tree.map(
                        "name", Tree.map("type", "string"),
                        "shape", shape,
                        "datatype", datatype,
                        "parameters", parameters,
                        "data", data));
        return Tree.map(
                "InferenceRequest", Tree.map(
                        "type", "object",
                        "required", List.of("inputs"),
                        "properties", Tree.map(
                                "id", Tree.map("type", "string"),
                                "parameters", parameters,
                                "inputs", Tree.map("type", "array", "items", ref("RequestInput")),
                                "outputs", Tree.map("type", "array", "items", ref("RequestOutput")))),
                "RequestInput", tensor,
                "RequestOutput", Tree.map(
                        "type", "object",
                        "required", List.of("name"),
                        "properties", Tree.map("name", Tree.map("type", "string"), "parameters", parameters)),
                "InferenceResponse", Tree.map(
                        "type", "object",
                        "required", List.of("model_name", "outputs"),
                        "properties", Tree.map(
                                "model_name", Tree.map("type", "string"),
                                "model_version", Tree.map("type", "string"),
                                "id", Tree.map("type", "string"),
                                "parameters", parameters,
                                "outputs", Tree.map("type", "array", "items", ref("ResponseOutput")))),
                "ResponseOutput", tensor,
                "InferenceError", Tree.map(
                        "type", "object",
                        "properties", Tree.map("error", Tree.map("type", "string"))),
                "ModelMetadata", Tree.map(
                        "type", "object",
                        "required", List.of("name", "platform", "inputs", "outputs"),
                        "properties", Tree.map(
                                "name", Tree.map("type", "string"),
                                "versions", Tree.map("type", "array", "items", Tree.map("type", "string")),
                                "platform", Tree.map("type", "string"),
                                "inputs", Tree.map("type", "array", "items", ref("TensorMetadata")),
                                "outputs", Tree.map("type", "array", "items", ref("TensorMetadata")))),
                "TensorMetadata", Tree.map(
                        "type", "object",
                        "required", List.of("name", "datatype", "shape"),
                        "properties", Tree.map(
                                "name", Tree.map("type", "string"),
                                "datatype", datatype,
                                "shape", shape)));
    }

    private static Map<String, Object> ref(String schema) {
        return Tree.map("$ref", "#/components/schemas/" + schema);
    }
}
