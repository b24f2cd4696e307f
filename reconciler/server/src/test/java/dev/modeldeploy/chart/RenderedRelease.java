package dev.modeldeploy.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The objects of one {@code helm template} run: each as parsed JSON and, for core kinds, as fabric8's typed model. */
final class RenderedRelease {

    /** The core kinds the chart renders, mapped to fabric8's model classes. Anything else must be a known CRD kind. */
    static final Map<String, Class<? extends HasMetadata>> CORE_KINDS = Map.of(
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "rbac.authorization.k8s.io/v1/Role", Role.class,
            "rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class,
            "rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class,
            "rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class);

    static final List<String> CUSTOM_KINDS = List.of("monitoring.coreos.com/v1/ServiceMonitor");

    record RenderedObject(JsonNode json, HasMetadata typed) {
        String apiVersionKind() {
            return json.path("apiVersion").asText() + "/" + json.path("kind").asText();
        }

        String name() {
            return json.path("metadata").path("name").asText();
        }
    }

    private static final YAMLMapper YAML = new YAMLMapper();

    private final List<RenderedObject> objects;

    private RenderedRelease(List<RenderedObject> objects) {
        this.objects = objects;
    }

    static RenderedRelease parse(String manifests) {
        List<RenderedObject> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(manifests)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                String key = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
                Class<? extends HasMetadata> type = CORE_KINDS.get(key);
                if (type == null && !CUSTOM_KINDS.contains(key)) {
                    throw new AssertionError("the chart renders an unexpected kind " + key + ": "
                            + document.path("metadata").path("name").asText());
                }
                HasMetadata typed = type == null ? null : Serialization.unmarshal(document.toString(), type);
                objects.add(new RenderedObject(document, typed));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("helm template output is not YAML", e);
        }
        return new RenderedRelease(objects);
    }

    List<RenderedObject> objects() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().map(RenderedObject::typed).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }

    List<JsonNode> custom(String apiVersionKind) {
        return objects.stream().filter(o -> o.apiVersionKind().equals(apiVersionKind)).map(RenderedObject::json)
                .toList();
    }

    Optional<RenderedObject> find(String apiVersionKind, String name) {
        return objects.stream().filter(o -> o.apiVersionKind().equals(apiVersionKind) && o.name().equals(name))
                .findFirst();
    }
}
