package dev.modeldeploy.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every check a rendered object must pass before it may be applied: the tests run all of them on everything. */
final class RenderedChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RenderedChecks() {
    }

    static List<String> check(List<GenericKubernetesResource> objects, String namespace) {
        List<String> problems = new ArrayList<>();
        for (GenericKubernetesResource object : objects) {
            problems.addAll(check(object, namespace));
        }
        return problems;
    }

    static List<String> check(GenericKubernetesResource object, String namespace) {
        List<String> problems = new ArrayList<>(ObjectRules.check(object, namespace));
        ManagedKind kind = ManagedKind.of(object.getApiVersion(), object.getKind());
        String where = object.getKind() + " " + object.getMetadata().getName() + ": ";
        if (kind.group().isEmpty()) {
            problems.addAll(coreRoundTrip(object, where));
        } else {
            for (String error : CrdSchemaValidator.forKind(kind).validate(object)) {
                problems.add(where + error);
            }
            problems.addAll(celRules(object, where));
        }
        if (kind.equals(ManagedKind.KNATIVE_SERVICE)) {
            for (String problem : KnativeConstraints.check(object)) {
                problems.add(where + problem);
            }
        }
        return problems;
    }

    /** Core kinds have no CRD: they must survive a trip through fabric8's typed model unchanged. */
    private static List<String> coreRoundTrip(GenericKubernetesResource object, String where) {
        if (!"ConfigMap".equals(object.getKind())) {
            return List.of(where + "no typed round trip for this core kind");
        }
        JsonNode original = JSON.valueToTree(object);
        ConfigMap typed = JSON.convertValue(original, ConfigMap.class);
        List<String> problems = new ArrayList<>();
        if (!typed.getAdditionalProperties().isEmpty() || !typed.getMetadata().getAdditionalProperties().isEmpty()) {
            problems.add(where + "fields a ConfigMap does not have: " + typed.getAdditionalProperties().keySet()
                    + typed.getMetadata().getAdditionalProperties().keySet());
        }
        if (!JSON.valueToTree(typed).equals(original)) {
            problems.add(where + "changes on a round trip through the typed ConfigMap");
        }
        return problems;
    }

    /** The CRDs' CEL rules that can apply to what modeldeploy renders, checked by hand. */
    @SuppressWarnings("unchecked")
    private static List<String> celRules(GenericKubernetesResource object, String where) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> spec = (Map<String, Object>) object.getAdditionalProperties().get("spec");
        if (object.getApiVersion().startsWith("security.istio.io/")) {
            Map<String, Object> selector = (Map<String, Object>) spec.get("selector");
            if (selector != null) {
                Map<String, String> matchLabels = (Map<String, String>) selector.get("matchLabels");
                matchLabels.forEach((k, v) -> {
                    if (k.isEmpty() || k.contains("*") || v.contains("*")) {
                        problems.add(where + "selector label " + k + "=" + v + " breaks the CRD's rules");
                    }
                });
            }
            List<Map<String, Object>> jwtRules = (List<Map<String, Object>>) spec.get("jwtRules");
            if (jwtRules != null) {
                for (Map<String, Object> rule : jwtRules) {
                    String scheme = URI.create((String) rule.get("jwksUri")).getScheme();
                    if (!"http".equals(scheme) && !"https".equals(scheme)) {
                        problems.add(where + "jwksUri must be http or https");
                    }
                }
            }
        }
        if (object.getKind().equals("VirtualService")) {
            for (Map<String, Object> http : (List<Map<String, Object>>) spec.get("http")) {
                List<Map<String, Object>> route = (List<Map<String, Object>>) http.get("route");
                if (route.size() > 1) {
                    int sum = route.stream().mapToInt(d -> (Integer) d.get("weight")).sum();
                    if (sum != 100) {
                        problems.add(where + "weights add up to " + sum);
                    }
                }
            }
        }
        return problems;
    }
}
