package dev.modeldeploy.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** What every rendered object must satisfy, whatever its kind. */
final class ObjectRules {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ObjectRules() {
    }

    static List<String> check(GenericKubernetesResource object, String namespace) {
        List<String> problems = new ArrayList<>();
        ObjectMeta meta = object.getMetadata();
        String where = object.getKind() + " " + meta.getName();
        if (!Names.isDns1123Label(meta.getName())) {
            problems.add(where + ": name is not a DNS-1123 label of at most 63 characters");
        }
        if (!namespace.equals(meta.getNamespace())) {
            problems.add(where + ": namespace " + meta.getNamespace() + " is not " + namespace);
        }
        Map<String, String> labels = meta.getLabels();
        if (labels == null || !ManagedLabels.MANAGED_BY_VALUE.equals(labels.get(ManagedLabels.MANAGED_BY))) {
            problems.add(where + ": missing the managed-by label");
        } else {
            if (!labels.containsKey(ManagedLabels.DEPLOYMENT_ID) && !labels.containsKey(ManagedLabels.ROUTE_ID)) {
                problems.add(where + ": missing the deployment-id or route-id label");
            }
            if (!labels.containsKey("app.kubernetes.io/name")) {
                problems.add(where + ": missing app.kubernetes.io/name");
            }
            labels.forEach((k, v) -> {
                if (!Names.isQualifiedName(k) || !Names.isLabelValue(v)) {
                    problems.add(where + ": invalid label " + k + "=" + v);
                }
            });
        }
        if (meta.getAnnotations() != null) {
            meta.getAnnotations().keySet().forEach(k -> {
                if (!Names.isQualifiedName(k)) {
                    problems.add(where + ": invalid annotation key " + k);
                }
            });
        }
        ManagedKind.of(object.getApiVersion(), object.getKind());
        noNullsOrEmpties(JSON.valueToTree(object), "", where, problems);
        return problems;
    }

    private static void noNullsOrEmpties(JsonNode node, String path, String where, List<String> problems) {
        if (node.isNull()) {
            problems.add(where + ": null at " + path);
        } else if (node.isObject()) {
            if (node.isEmpty()) {
                problems.add(where + ": empty map at " + path);
            }
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                noNullsOrEmpties(e.getValue(), path + "/" + e.getKey(), where, problems);
            }
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                problems.add(where + ": empty list at " + path);
            }
            for (int i = 0; i < node.size(); i++) {
                noNullsOrEmpties(node.get(i), path + "/" + i, where, problems);
            }
        }
    }
}
