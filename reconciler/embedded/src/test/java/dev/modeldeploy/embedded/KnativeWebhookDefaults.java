package dev.modeldeploy.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Knative Serving's defaulting webhook makes of a serving.knative.dev/v1 Service on its way into the API server,
 * as a plain function of JSON (the admitted object, and on update the stored one). Written for tests from
 * knative.dev/pkg's defaulting webhook and knative.dev/serving's pkg/apis/serving/v1/*_defaults.go, independent of
 * modeldeploy's renderers and diff, so that it can stand in for the real webhook (or serve as one).
 *
 * <p>Two steps, as the webhook takes them:
 * <ol>
 *   <li>The round trip through the Go types (knative.dev/pkg's roundTripPatch): resource quantities come back in
 *       canonical form ({@link KubernetesQuantity}); zero values of omitempty fields are dropped (a probe's
 *       {@code initialDelaySeconds: 0}, an empty {@code args}); fields Go always writes appear ({@code resources: {}}
 *       on a container, {@code port: 0} in a probe's tcpSocket/httpGet/grpc, {@code containerPort} in a port,
 *       {@code creationTimestamp: null} in metadata). Covered: containers, init containers, probes, ports, env and
 *       the pod spec's own scalar fields; other nested Kubernetes types (volumes, affinity) are passed through.</li>
 *   <li>Service.SetDefaults with config-defaults and config-features as {@link Settings} give them:
 *       {@code timeoutSeconds}, {@code containerConcurrency}, container names ({@code user-container}, and
 *       {@code user-container-N} with several), default resource requests and limits, a readiness probe (TCP) on
 *       the serving container, its {@code successThreshold} (and {@code failureThreshold}, {@code timeoutSeconds}
 *       when {@code periodSeconds} is set), gRPC probes' {@code service}, {@code enableServiceLinks: false} on
 *       create, read-only volume mounts, the secure-pod-defaults security context when enabled, the
 *       {@code traffic} block ({@code latestRevision}, {@code percent}), and the creator/lastModifier
 *       annotations.</li>
 * </ol>
 * Not done: the response-start and idle timeouts, which stock settings leave unset.
 */
public final class KnativeWebhookDefaults {
    public static final String CREATOR = "serving.knative.dev/creator";
    public static final String LAST_MODIFIER = "serving.knative.dev/lastModifier";

    /** Container fields Go leaves out when empty, zero or false (non-pointer omitempty fields of corev1.Container). */
    private static final Set<String> CONTAINER_OMITEMPTY = Set.of("image", "command", "args", "workingDir", "ports",
            "envFrom", "env", "volumeMounts", "volumeDevices", "terminationMessagePath", "terminationMessagePolicy",
            "imagePullPolicy", "stdin", "stdinOnce", "tty", "resizePolicy");
    private static final Set<String> PROBE_OMITEMPTY = Set.of("initialDelaySeconds", "timeoutSeconds", "periodSeconds",
            "successThreshold", "failureThreshold");
    private static final Set<String> HTTP_GET_OMITEMPTY = Set.of("path", "host", "scheme", "httpHeaders");
    private static final Set<String> PORT_OMITEMPTY = Set.of("name", "hostPort", "protocol", "hostIP");
    private static final Set<String> POD_OMITEMPTY = Set.of("volumes", "initContainers", "ephemeralContainers",
            "restartPolicy", "dnsPolicy", "nodeSelector", "serviceAccountName", "serviceAccount", "nodeName",
            "hostNetwork", "hostPID", "hostIPC", "imagePullSecrets", "hostname", "subdomain", "schedulerName",
            "tolerations", "hostAliases", "priorityClassName", "readinessGates", "overhead",
            "topologySpreadConstraints", "schedulingGates", "resourceClaims");
    private static final Set<String> METADATA_OMITEMPTY = Set.of("name", "generateName", "namespace", "uid",
            "resourceVersion", "labels", "annotations", "ownerReferences", "finalizers", "managedFields");
    private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");
    private static final List<String> PROBE_HANDLERS = List.of("tcpSocket", "httpGet", "exec", "grpc");
    private static final List<String> DEFAULTED_RESOURCES = List.of("cpu", "memory", "ephemeral-storage");
    /** JSON equality with 300 and 300L alike, as Go's semantic equality of the decoded specs has it. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue())
            : a.equals(b) ? 0 : 1;

    /**
     * The settings of Knative's config-defaults and config-features that change what the webhook adds, and the user
     * making the request (for the creator/lastModifier annotations).
     */
    public record Settings(long revisionTimeoutSeconds, long containerConcurrency, String userContainerName,
                           Map<String, String> containerRequests, Map<String, String> containerLimits,
                           boolean securePodDefaults, String username) {

        /** Knative's defaults when config-defaults and config-features are empty. */
        public static Settings stock(String username) {
            return new Settings(300, 0, "user-container", Map.of(), Map.of(), false, username);
        }

        /** revision-cpu-request and the like ({@code cpu}, {@code memory}, {@code ephemeral-storage}). */
        public Settings withContainerResources(Map<String, String> requests, Map<String, String> limits) {
            return new Settings(revisionTimeoutSeconds, containerConcurrency, userContainerName, requests, limits,
                    securePodDefaults, username);
        }

        /** secure-pod-defaults: enabled. */
        public Settings withSecurePodDefaults() {
            return new Settings(revisionTimeoutSeconds, containerConcurrency, userContainerName, containerRequests,
                    containerLimits, true, username);
        }
    }

    private KnativeWebhookDefaults() {
    }

    /**
     * The object the webhook lets into the API server.
     *
     * @param service  the admitted Service (the request's object), not modified
     * @param stored   the stored Service on update, null on create
     * @throws IllegalArgumentException where the webhook would reject the object (a quantity that does not parse)
     */
    public static JsonNode apply(JsonNode service, JsonNode stored, Settings settings) {
        boolean create = stored == null;
        ObjectNode result = roundTrip(service);
        ObjectNode previous = create ? null : roundTrip(stored);
        if (previous != null) {
            defaultSpec(previous, null, false, settings);
        }
        defaultSpec(result, previous, create, settings);
        setUserInfo(result, previous, settings.username());
        return result;
    }

    // --- the round trip through the Go types -------------------------------------------------------------------

    private static ObjectNode roundTrip(JsonNode service) {
        ObjectNode copy = service.deepCopy();
        metadata(copy);
        JsonNode template = copy.path("spec").path("template");
        if (template instanceof ObjectNode t) {
            metadata(t);
            if (t.get("spec") instanceof ObjectNode podSpec) {
                podSpec(podSpec);
            }
        }
        if (copy.path("spec").get("traffic") instanceof ArrayNode traffic) {
            for (JsonNode target : traffic) {
                if (target instanceof ObjectNode t) {
                    dropZeros(t, Set.of("tag", "revisionName", "configurationName"));
                }
            }
            if (traffic.isEmpty()) {
                ((ObjectNode) copy.get("spec")).remove("traffic");
            }
        }
        return copy;
    }

    private static void metadata(ObjectNode object) {
        ObjectNode metadata = object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
        dropZeros(metadata, METADATA_OMITEMPTY);
        if (!metadata.has("creationTimestamp")) {
            metadata.putNull("creationTimestamp");
        }
    }

    private static void podSpec(ObjectNode podSpec) {
        for (String list : List.of("containers", "initContainers")) {
            if (podSpec.get(list) instanceof ArrayNode containers) {
                containers.forEach(c -> container((ObjectNode) c));
            }
        }
        canonicalQuantities(podSpec.get("overhead"));
        dropZeros(podSpec, POD_OMITEMPTY);
    }

    private static void container(ObjectNode container) {
        if (!container.has("name")) {
            container.put("name", "");
        }
        ObjectNode resources = container.get("resources") instanceof ObjectNode r ? r : container.putObject("resources");
        canonicalQuantities(resources.get("requests"));
        canonicalQuantities(resources.get("limits"));
        dropZeros(resources, Set.of("requests", "limits", "claims"));
        for (String probe : PROBES) {
            if (container.get(probe) instanceof ObjectNode p) {
                probe(p);
            }
        }
        if (container.get("ports") instanceof ArrayNode ports) {
            for (JsonNode port : ports) {
                ObjectNode p = (ObjectNode) port;
                dropZeros(p, PORT_OMITEMPTY);
                if (!p.has("containerPort")) {
                    p.put("containerPort", 0);
                }
            }
        }
        if (container.get("env") instanceof ArrayNode env) {
            env.forEach(e -> dropZeros((ObjectNode) e, Set.of("value")));
        }
        dropZeros(container, CONTAINER_OMITEMPTY);
    }

    private static void probe(ObjectNode probe) {
        dropZeros(probe, PROBE_OMITEMPTY);
        for (String handler : List.of("tcpSocket", "httpGet", "grpc")) {
            if (probe.get(handler) instanceof ObjectNode h && !h.has("port")) {
                h.put("port", 0);
            }
        }
        if (probe.get("httpGet") instanceof ObjectNode httpGet) {
            dropZeros(httpGet, HTTP_GET_OMITEMPTY);
        }
    }

    private static void canonicalQuantities(JsonNode list) {
        if (list instanceof ObjectNode quantities) {
            for (Iterator<Map.Entry<String, JsonNode>> it = quantities.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull()) {
                    e.setValue(quantities.textNode(KubernetesQuantity.canonical(e.getValue().asText())));
                }
            }
        }
    }

    /** Removes the named fields whose value Go's omitempty leaves out: null, "", 0, false, [] or {}. */
    private static void dropZeros(ObjectNode object, Set<String> omitempty) {
        for (String name : omitempty) {
            JsonNode value = object.get(name);
            if (value == null) {
                continue;
            }
            boolean empty = value.isNull()
                    || (value.isTextual() && value.asText().isEmpty())
                    || (value.isNumber() && value.decimalValue().signum() == 0)
                    || (value.isBoolean() && !value.booleanValue())
                    || (value.isContainerNode() && value.isEmpty());
            if (empty) {
                object.remove(name);
            }
        }
    }

    // --- Service.SetDefaults ---------------------------------------------------------------------------------

    private static void defaultSpec(ObjectNode service, ObjectNode previous, boolean create, Settings settings) {
        ObjectNode spec = service.get("spec") instanceof ObjectNode s ? s : service.putObject("spec");
        ObjectNode template = spec.get("template") instanceof ObjectNode t ? t : spec.putObject("template");
        String templateName = template.path("metadata").path("name").asText("");
        String previousName = previous == null ? "" : previous.path("spec").path("template").path("metadata").path("name").asText("");
        // with the template named by the user and unchanged, Knative skips defaulting (bring-your-own revision name)
        boolean skipTemplate = previous != null && !templateName.isEmpty() && templateName.equals(previousName);
        if (!skipTemplate) {
            ObjectNode revision = template.get("spec") instanceof ObjectNode r ? r : template.putObject("spec");
            revisionSpec(revision, create, settings);
        }
        traffic(spec);
    }

    private static void revisionSpec(ObjectNode revision, boolean create, Settings settings) {
        if (revision.path("timeoutSeconds").asLong(0) == 0) {
            revision.put("timeoutSeconds", settings.revisionTimeoutSeconds());
        }
        if (!revision.hasNonNull("containerConcurrency")) {
            revision.put("containerConcurrency", settings.containerConcurrency());
        }
        ArrayNode containers = revision.get("containers") instanceof ArrayNode c ? c : revision.putArray("containers");
        ArrayNode initContainers = revision.get("initContainers") instanceof ArrayNode c ? c : null;
        Set<String> names = new HashSet<>();
        containers.forEach(c -> names.add(c.path("name").asText("")));
        if (initContainers != null) {
            initContainers.forEach(c -> names.add(c.path("name").asText("")));
        }
        nameContainers(containers, names, settings.userContainerName());
        if (initContainers != null) {
            nameContainers(initContainers, names, "init-container");
        }
        Set<String> writableVolumes = writableVolumes(revision);
        for (JsonNode node : containers) {
            ObjectNode container = (ObjectNode) node;
            containerResources(container, settings);
            boolean serving = containers.size() == 1 || (container.get("ports") instanceof ArrayNode ports && !ports.isEmpty());
            if (serving) {
                ObjectNode readiness = container.get("readinessProbe") instanceof ObjectNode r ? r : container.putObject("readinessProbe");
                if (PROBE_HANDLERS.stream().noneMatch(h -> readiness.get(h) instanceof ObjectNode)) {
                    readiness.putObject("tcpSocket").put("port", 0);
                }
            }
            if (container.get("readinessProbe") instanceof ObjectNode readiness) {
                if (readiness.path("successThreshold").asInt(0) == 0) {
                    readiness.put("successThreshold", 1);
                }
                if (readiness.path("periodSeconds").asInt(0) != 0) {
                    if (readiness.path("failureThreshold").asInt(0) == 0) {
                        readiness.put("failureThreshold", 3);
                    }
                    if (readiness.path("timeoutSeconds").asInt(0) == 0) {
                        readiness.put("timeoutSeconds", 1);
                    }
                }
            }
            for (String probe : PROBES) {
                if (container.path(probe).get("grpc") instanceof ObjectNode grpc && !grpc.has("service")) {
                    grpc.put("service", "");
                }
            }
            if (create && !revision.has("enableServiceLinks")) {
                revision.put("enableServiceLinks", false);
            }
            if (container.get("volumeMounts") instanceof ArrayNode mounts) {
                for (JsonNode mount : mounts) {
                    if (!writableVolumes.contains(mount.path("name").asText())) {
                        ((ObjectNode) mount).put("readOnly", true);
                    }
                }
            }
            if (settings.securePodDefaults()) {
                securityContext(revision, container);
            }
        }
        if (settings.securePodDefaults() && initContainers != null) {
            initContainers.forEach(c -> securityContext(revision, (ObjectNode) c));
        }
    }

    private static void nameContainers(ArrayNode containers, Set<String> taken, String defaultName) {
        int nextSuffix = 0;
        for (JsonNode node : containers) {
            ObjectNode container = (ObjectNode) node;
            if (!container.path("name").asText("").isEmpty()) {
                continue;
            }
            String name = defaultName;
            if (containers.size() > 1 || taken.contains(name)) {
                do {
                    name = defaultName + "-" + nextSuffix++;
                } while (taken.contains(name));
            }
            container.put("name", name);
        }
    }

    private static void containerResources(ObjectNode container, Settings settings) {
        ObjectNode resources = container.get("resources") instanceof ObjectNode r ? r : container.putObject("resources");
        fill(resources, "requests", settings.containerRequests());
        fill(resources, "limits", settings.containerLimits());
    }

    private static void fill(ObjectNode resources, String field, Map<String, String> defaults) {
        ObjectNode list = resources.get(field) instanceof ObjectNode l ? l : resources.objectNode();
        for (String name : DEFAULTED_RESOURCES) {
            String value = defaults.get(name);
            if (value != null && !list.has(name)) {
                list.put(name, KubernetesQuantity.canonical(value));
            }
        }
        if (!list.isEmpty()) {
            resources.set(field, list);
        }
    }

    private static Set<String> writableVolumes(ObjectNode revision) {
        Set<String> names = new HashSet<>();
        if (revision.get("volumes") instanceof ArrayNode volumes) {
            for (JsonNode volume : volumes) {
                if (volume.has("emptyDir") || volume.has("persistentVolumeClaim") || volume.has("ephemeral")) {
                    names.add(volume.path("name").asText());
                }
            }
        }
        return names;
    }

    private static void securityContext(ObjectNode revision, ObjectNode container) {
        JsonNode podContext = revision.path("securityContext");
        ObjectNode context = container.get("securityContext") instanceof ObjectNode c ? c : container.objectNode();
        if (!context.has("allowPrivilegeEscalation")) {
            context.put("allowPrivilegeEscalation", false);
        }
        if (podContext.path("seccompProfile").path("type").asText("").isEmpty()) {
            ObjectNode seccomp = context.get("seccompProfile") instanceof ObjectNode s ? s : context.putObject("seccompProfile");
            if (seccomp.path("type").asText("").isEmpty()) {
                seccomp.put("type", "RuntimeDefault");
            }
        }
        if (!context.has("capabilities")) {
            ObjectNode capabilities = context.putObject("capabilities");
            capabilities.putArray("drop").add("ALL");
            boolean lowPort = false;
            for (JsonNode port : container.path("ports")) {
                lowPort |= port.path("containerPort").asInt() < 1024;
            }
            if (lowPort) {
                capabilities.putArray("add").add("NET_BIND_SERVICE");
            }
        }
        if (!podContext.has("runAsNonRoot") && !context.has("runAsNonRoot")) {
            context.put("runAsNonRoot", true);
        }
        container.set("securityContext", context);
    }

    private static void traffic(ObjectNode spec) {
        if (!(spec.get("traffic") instanceof ArrayNode traffic) || traffic.isEmpty()) {
            spec.putArray("traffic").addObject().put("latestRevision", true).put("percent", 100);
            return;
        }
        for (JsonNode node : traffic) {
            ObjectNode target = (ObjectNode) node;
            if (!target.hasNonNull("latestRevision")) {
                target.put("latestRevision", target.path("revisionName").asText("").isEmpty());
            }
            if (!target.hasNonNull("percent")) {
                target.put("percent", 0);
            }
        }
    }

    private static void setUserInfo(ObjectNode service, ObjectNode previous, String username) {
        if (username == null) {
            return;
        }
        ObjectNode metadata = (ObjectNode) service.get("metadata");
        ObjectNode annotations = metadata.get("annotations") instanceof ObjectNode a ? a : metadata.putObject("annotations");
        if (previous == null) {
            annotations.put(CREATOR, username);
            annotations.put(LAST_MODIFIER, username);
        } else if (!service.path("spec").equals(NUMBERS_BY_VALUE, previous.path("spec"))) {
            annotations.put(LAST_MODIFIER, username);
        }
    }
}
