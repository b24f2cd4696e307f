package dev.modeldeploy.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.manifest.ApiExample;
import dev.modeldeploy.manifest.DeploymentSpec;
import dev.modeldeploy.manifest.HeaderMatch;
import dev.modeldeploy.manifest.ResourceList;
import dev.modeldeploy.manifest.RouteRule;
import dev.modeldeploy.manifest.RouteSpec;
import dev.modeldeploy.manifest.WeightedTarget;
import java.util.List;
import java.util.Map;

/**
 * Specs in the manifests' own field names, defaults applied, as ODAHU's API shows them.
 * (Kept here until manifest-schema offers the same mapping; then this delegates to it.)
 */
final class SpecJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SpecJson() {
    }

    static ObjectNode deployment(DeploymentSpec spec) {
        ObjectNode out = JSON.objectNode();
        out.put("predictor", spec.predictor() == null ? null : spec.predictor().manifestValue());
        out.put("image", spec.image());
        if (spec.imagePullConnID() != null) {
            out.put("imagePullConnID", spec.imagePullConnID());
        }
        if (spec.resources() != null) {
            ObjectNode resources = out.putObject("resources");
            putResourceList(resources, "limits", spec.resources().limits());
            putResourceList(resources, "requests", spec.resources().requests());
        }
        out.put("minReplicas", spec.minReplicas());
        out.put("maxReplicas", spec.maxReplicas());
        out.put("livenessProbeInitialDelay", spec.livenessProbeInitialDelay());
        out.put("readinessProbeInitialDelay", spec.readinessProbeInitialDelay());
        out.put("roleName", spec.roleName());
        out.set("nodeSelector", stringMap(spec.nodeSelector()));
        out.set("annotations", stringMap(spec.annotations()));
        if (spec.model() != null) {
            ObjectNode model = out.putObject("model");
            model.put("name", spec.model().name());
            model.put("version", spec.model().version());
        }
        ArrayNode examples = out.putArray("examples");
        for (ApiExample example : spec.examples() == null ? List.<ApiExample>of() : spec.examples()) {
            ObjectNode e = examples.addObject();
            e.put("name", example.name());
            e.set("request", example.request());
            e.set("response", example.response());
        }
        return out;
    }

    static ObjectNode route(RouteSpec spec) {
        ObjectNode out = JSON.objectNode();
        out.put("urlPrefix", spec.urlPrefix());
        out.set("modelDeployments", targets(spec.modelDeployments()));
        if (spec.mirror() != null) {
            out.put("mirror", spec.mirror());
        }
        ArrayNode rules = out.putArray("rules");
        for (RouteRule rule : spec.rules() == null ? List.<RouteRule>of() : spec.rules()) {
            ObjectNode r = rules.addObject();
            ObjectNode headers = r.putObject("headers");
            rule.headers().forEach((name, match) -> headers.set(name, headerMatch(match)));
            r.set("modelDeployments", targets(rule.modelDeployments()));
        }
        return out;
    }

    private static ObjectNode headerMatch(HeaderMatch match) {
        ObjectNode m = JSON.objectNode();
        if (match.exact() != null) {
            m.put("exact", match.exact());
        }
        if (match.prefix() != null) {
            m.put("prefix", match.prefix());
        }
        if (match.regex() != null) {
            m.put("regex", match.regex());
        }
        return m;
    }

    private static ArrayNode targets(List<WeightedTarget> targets) {
        ArrayNode out = JSON.arrayNode();
        for (WeightedTarget target : targets == null ? List.<WeightedTarget>of() : targets) {
            ObjectNode t = out.addObject();
            t.put("mdName", target.mdName());
            if (target.weight() != null) {
                t.put("weight", target.weight());
            }
        }
        return out;
    }

    private static void putResourceList(ObjectNode parent, String field, ResourceList list) {
        if (list == null) {
            return;
        }
        ObjectNode out = parent.putObject(field);
        if (list.cpu() != null) {
            out.put("cpu", list.cpu());
        }
        if (list.memory() != null) {
            out.put("memory", list.memory());
        }
        if (list.gpu() != null) {
            out.put("gpu", list.gpu());
        }
    }

    private static ObjectNode stringMap(Map<String, String> map) {
        ObjectNode out = JSON.objectNode();
        if (map != null) {
            map.forEach(out::put);
        }
        return out;
    }
}
