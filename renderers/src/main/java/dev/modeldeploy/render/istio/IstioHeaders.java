package dev.modeldeploy.render.istio;

import dev.modeldeploy.manifest.ModelInfo;
import dev.modeldeploy.render.Tree;
import dev.modeldeploy.render.settings.ClusterSettings;
import java.util.Map;

/**
 * The headers modeldeploy's VirtualServices set.
 *
 * <p>Istio hands VirtualService header values to Envoy unchanged (as HeaderValueOption), and Envoy expands its
 * command operators in them, so {@code %REQ(x-request-id)%} is the id of the request being answered. Envoy gives
 * every request an x-request-id at the ingress gateway when it has none, so every response carries a request-id,
 * generated or not, as ODAHU's did (istio/istio#19761 shows the value reaching Envoy as-is; Envoy supports REQ() in
 * response headers since envoyproxy/envoy#8782).
 */
public final class IstioHeaders {
    public static final String REQUEST_ID = "request-id";
    public static final String REQUEST_ID_VALUE = "%REQ(x-request-id)%";
    public static final String MODEL_NAME = "model-name";
    public static final String MODEL_VERSION = "model-version";
    /** The KServe agent takes the CloudEvent id from this request header, so logged events carry the request id. */
    public static final String CLOUDEVENT_ID = "ce-id";
    /** Marks a ModelRoute's requests so their mirrored copies can be told apart on the local gateway. */
    public static final String ROUTE = "x-modeldeploy-route";
    /** Knative routes by Host; on a weighted destination Istio can only set it through headers.request.set. */
    public static final String HOST = "Host";

    private IstioHeaders() {
    }

    public static Map<String, Object> modelHeaders(ModelInfo model) {
        return Tree.map(MODEL_NAME, model.name(), MODEL_VERSION, model.version());
    }

    /** Request headers every route sets: the CloudEvent id when the request logger runs, plus the extra ones given. */
    public static Map<String, Object> requestSet(ClusterSettings settings, Map<String, Object> extra) {
        Map<String, Object> set = Tree.map(CLOUDEVENT_ID, settings.requestLogging().enabled() ? REQUEST_ID_VALUE : null);
        set.putAll(extra);
        return Tree.nonEmpty(set);
    }
}
