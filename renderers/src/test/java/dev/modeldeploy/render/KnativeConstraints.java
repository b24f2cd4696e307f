package dev.modeldeploy.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules Knative's admission webhook applies to a Service's revision template beyond the CRD schema (from
 * knative/serving pkg/apis/serving/k8s_validation.go and metadata_validation.go), checked explicitly.
 */
final class KnativeConstraints {
    static final Set<Integer> RESERVED_PORTS = Set.of(8012, 8013, 8022, 9090, 9091, 8008);
    static final Set<String> PORT_NAMES = Set.of("http1", "h2c");
    static final Set<String> RESERVED_ENV = Set.of("PORT", "K_SERVICE", "K_CONFIGURATION", "K_REVISION");
    static final Set<String> RESERVED_CONTAINER_NAMES = Set.of("queue-proxy");

    private KnativeConstraints() {
    }

    @SuppressWarnings("unchecked")
    static List<String> check(GenericKubernetesResource service) {
        List<String> problems = new ArrayList<>();
        String name = service.getMetadata().getName();
        if (!Names.isDns1035Label(name)) {
            problems.add("service name " + name + " is not a DNS-1035 label");
        }
        if ((name + "-00001-deployment").length() > 63) {
            problems.add("revision deployment name " + name + "-00001-deployment is longer than 63");
        }
        Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) service.getAdditionalProperties()
                .get("spec")).get("template");
        Map<String, Object> meta = (Map<String, Object>) template.get("metadata");
        if (meta.containsKey("name")) {
            problems.add("the revision template must not name the revision");
        }
        Map<String, String> annotations = (Map<String, String>) meta.get("annotations");
        int min = Integer.parseInt(annotations.get("autoscaling.knative.dev/min-scale"));
        int max = Integer.parseInt(annotations.get("autoscaling.knative.dev/max-scale"));
        if (min < 0 || max < 0 || max > 0 && min > max) {
            problems.add("min-scale " + min + " / max-scale " + max + " are inconsistent");
        }
        Map<String, Object> spec = (Map<String, Object>) template.get("spec");
        List<Map<String, Object>> containers = (List<Map<String, Object>>) spec.get("containers");
        int declaredPorts = 0;
        Integer servingPort = null;
        Set<String> containerNames = new HashSet<>();
        for (Map<String, Object> c : containers) {
            List<Map<String, Object>> ports = (List<Map<String, Object>>) c.get("ports");
            if (ports != null) {
                declaredPorts += ports.size();
                servingPort = (Integer) ports.get(0).get("containerPort");
            }
        }
        if (declaredPorts != 1) {
            problems.add("exactly one container port must be declared across all containers, found " + declaredPorts);
        }
        for (Map<String, Object> c : containers) {
            String containerName = (String) c.get("name");
            if (!containerNames.add(containerName) || RESERVED_CONTAINER_NAMES.contains(containerName)) {
                problems.add("container name " + containerName + " is duplicated or reserved");
            }
            if (c.get("image") == null || ((String) c.get("image")).isBlank()) {
                problems.add("container " + containerName + " has no image");
            }
            List<Map<String, Object>> ports = (List<Map<String, Object>>) c.get("ports");
            boolean serving = ports != null;
            if (serving) {
                Map<String, Object> port = ports.get(0);
                int number = (Integer) port.get("containerPort");
                if (!PORT_NAMES.contains(port.get("name"))) {
                    problems.add("port name " + port.get("name") + " is not http1 or h2c");
                }
                if (RESERVED_PORTS.contains(number) || number < 1 || number > 65535) {
                    problems.add("port " + number + " is reserved by Knative or out of range");
                }
                if (port.get("protocol") != null && !"TCP".equals(port.get("protocol"))) {
                    problems.add("port protocol must be TCP");
                }
            }
            for (String probeName : List.of("livenessProbe", "readinessProbe")) {
                Map<String, Object> probe = (Map<String, Object>) c.get(probeName);
                if (probe == null) {
                    continue;
                }
                if (!serving) {
                    // validateSidecarContainer: without the multi-container-probing feature (off by default)
                    // a probe on a container without the port is rejected.
                    problems.add(containerName + "." + probeName + ": probes are only allowed on the serving container");
                    continue;
                }
                int handlers = 0;
                for (String handler : List.of("httpGet", "tcpSocket", "exec", "grpc")) {
                    if (probe.containsKey(handler)) {
                        handlers++;
                        Object port = ((Map<String, Object>) probe.get(handler)).get("port");
                        if (serving && port != null && !port.equals(servingPort)) {
                            problems.add(containerName + "." + probeName + " probes port " + port
                                    + ", not the serving port " + servingPort);
                        }

                        if (port != null && RESERVED_PORTS.contains(port)) {
                            problems.add(containerName + "." + probeName + " probes a port reserved by Knative");
                        }
                    }
                }
                if (handlers != 1) {
                    problems.add(containerName + "." + probeName + " needs exactly one handler");
                }
                Integer period = (Integer) probe.get("periodSeconds");
                if (probeName.equals("readinessProbe")) {
                    Integer success = (Integer) probe.get("successThreshold");
                    if (success != null && success < 1) {
                        problems.add("readiness successThreshold must be at least 1");
                    }
                    if (period != null && period > 0) {
                        Integer timeout = (Integer) probe.get("timeoutSeconds");
                        Integer failure = (Integer) probe.get("failureThreshold");
                        if (timeout == null || timeout < 1 || failure == null || failure < 1) {
                            problems.add("readiness probe with periodSeconds needs timeoutSeconds and failureThreshold >= 1");
                        }
                    }
                }
            }
            List<Map<String, Object>> env = (List<Map<String, Object>>) c.get("env");
            if (env != null) {
                for (Map<String, Object> e : env) {
                    String envName = (String) e.get("name");
                    if (RESERVED_ENV.contains(envName) && (serving || !"PORT".equals(envName))) {
                        problems.add("env " + envName + " is reserved by Knative");
                    }
                }
            }
        }
        List<Map<String, Object>> pullSecrets = (List<Map<String, Object>>) spec.get("imagePullSecrets");
        if (pullSecrets != null) {
            for (Map<String, Object> secret : pullSecrets) {
                if (!Names.isDns1123Subdomain((String) secret.get("name"))) {
                    problems.add("image pull secret " + secret.get("name") + " is not a Secret name");
                }
            }
        }
        return problems;
    }
}
