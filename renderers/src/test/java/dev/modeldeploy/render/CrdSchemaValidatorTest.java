package dev.modeldeploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The validator itself: it must reject what the API server would prune or refuse, and accept the extensions. */
class CrdSchemaValidatorTest {

    private static JsonNode knativeService(String containerJson) {
        return Fixtures.json("""
                {"apiVersion": "serving.knative.dev/v1", "kind": "Service",
                 "metadata": {"name": "m", "namespace": "ns", "labels": {"a": "b"}},
                 "spec": {"template": {"spec": {"containers": [%s]}}}}
                """.formatted(containerJson));
    }

    @Test
    void acceptsAValidKnativeService() {
        CrdSchemaValidator validator = CrdSchemaValidator.forKind(ManagedKind.KNATIVE_SERVICE);
        assertThat(validator.validate(knativeService("""
                {"name": "model", "image": "img", "ports": [{"name": "http1", "containerPort": 5000}],
                 "resources": {"limits": {"cpu": 1, "memory": "1Gi"}},
                 "readinessProbe": {"httpGet": {"path": "/h", "port": "http1"}}}
                """))).isEmpty();
    }

    @Test
    void rejectsAFieldTheStructuralSchemaWouldPrune() {
        CrdSchemaValidator validator = CrdSchemaValidator.forKind(ManagedKind.KNATIVE_SERVICE);
        assertThat(validator.validate(knativeService("{\"name\": \"model\", \"image\": \"img\", \"portz\": []}")))
                .anySatisfy(e -> assertThat(e).contains("portz"));
    }

    @Test
    void rejectsAWrongType() {
        CrdSchemaValidator validator = CrdSchemaValidator.forKind(ManagedKind.KNATIVE_SERVICE);
        assertThat(validator.validate(knativeService(
                "{\"name\": \"model\", \"image\": \"img\", \"ports\": [{\"containerPort\": \"5000\"}]}")))
                .anySatisfy(e -> assertThat(e).contains("containerPort"));
    }

    @Test
    void intOrStringTakesBothButNotOtherTypes() {
        CrdSchemaValidator validator = CrdSchemaValidator.forKind(ManagedKind.KNATIVE_SERVICE);
        assertThat(validator.validate(knativeService(
                "{\"image\": \"i\", \"readinessProbe\": {\"httpGet\": {\"port\": 8080}}}"))).isEmpty();
        assertThat(validator.validate(knativeService(
                "{\"image\": \"i\", \"readinessProbe\": {\"httpGet\": {\"port\": \"http1\"}}}"))).isEmpty();
        assertThat(validator.validate(knativeService(
                "{\"image\": \"i\", \"readinessProbe\": {\"httpGet\": {\"port\": true}}}"))).isNotEmpty();
    }

    @Test
    void preserveUnknownFieldsKeepsUnnamedFields() {
        CrdSchemaValidator validator = CrdSchemaValidator.forKind(ManagedKind.KNATIVE_SERVICE);
        ObjectNode service = (ObjectNode) knativeService("{\"image\": \"i\"}");
        ((ObjectNode) service.at("/spec/template")).putObject("metadata").put("anything", "kept");
        assertThat(validator.validate(service)).isEmpty();
    }

    @Test
    void embeddedResourcesNeedApiVersionAndKind() {
        CrdSchemaValidator validator = CrdSchemaValidator.fromSchema(Fixtures.json("""
                {"type": "object", "properties": {"spec": {"type": "object", "properties": {
                  "template": {"type": "object", "x-kubernetes-embedded-resource": true,
                               "x-kubernetes-preserve-unknown-fields": true}}}}}
                """));
        assertThat(validator.validate(Fixtures.json(
                "{\"spec\": {\"template\": {\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}}}}")))
                .isEmpty();
        assertThat(validator.validate(Fixtures.json("{\"spec\": {\"template\": {\"metadata\": {}}}}")))
                .anySatisfy(e -> assertThat(e).contains("apiVersion"));
    }

    @Test
    void checksIstioEnumsAndOneOfs() {
        CrdSchemaValidator validator = CrdSchemaValidator.forKind(ManagedKind.AUTHORIZATION_POLICY);
        assertThat(validator.validate(Fixtures.json("""
                {"apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy", "metadata": {"name": "a"},
                 "spec": {"action": "PERMIT"}}
                """))).isNotEmpty();
        CrdSchemaValidator routes = CrdSchemaValidator.forKind(ManagedKind.VIRTUAL_SERVICE);
        assertThat(routes.validate(Fixtures.json("""
                {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": {"name": "v"},
                 "spec": {"hosts": ["*"], "http": [{"match": [{"uri": {"prefix": "/a", "exact": "/b"}}],
                   "route": [{"destination": {"host": "h"}}]}]}}
                """))).as("a StringMatch takes one of exact, prefix, regex").isNotEmpty();
    }

    @Test
    void listTypesSetAndMapRejectDuplicates() {
        CrdSchemaValidator validator = CrdSchemaValidator.fromSchema(Fixtures.json("""
                {"type": "object", "properties": {
                  "tags": {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "string"}},
                  "ports": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                            "items": {"type": "object", "properties": {"name": {"type": "string"},
                                                                       "port": {"type": "integer"}}}}}}
                """));
        assertThat(validator.validate(Fixtures.json(
                "{\"tags\": [\"a\", \"b\"], \"ports\": [{\"name\": \"a\", \"port\": 1}, {\"name\": \"b\", \"port\": 1}]}")))
                .isEmpty();
        assertThat(validator.validate(Fixtures.json("{\"tags\": [\"a\", \"a\"]}")))
                .anySatisfy(e -> assertThat(e).contains("/tags"));
        assertThat(validator.validate(Fixtures.json(
                "{\"ports\": [{\"name\": \"a\", \"port\": 1}, {\"name\": \"a\", \"port\": 2}]}")))
                .anySatisfy(e -> assertThat(e).contains("/ports/1").contains("duplicate"));
    }
}
