package dev.modeldeploy.render.knative;

import dev.modeldeploy.manifest.Quantity;
import dev.modeldeploy.manifest.ResourceList;
import dev.modeldeploy.manifest.Resources;
import dev.modeldeploy.render.RenderException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns the manifest's resources into a container's resources, with GPUs as the NVIDIA device plugin's resource.
 * Every quantity is written in Kubernetes' canonical form ({@code 1000m} as {@code 1}, {@code 1024Mi} as
 * {@code 1Gi}): Knative's webhook stores a Service's quantities that way, and the Service must read back as rendered.
 */
final class Quantities {
    static final String GPU_RESOURCE = "nvidia.com/gpu";
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]+");

    private Quantities() {
    }

    /**
     * limits and requests; the GPU count goes into limits and, when the manifest gives any requests, into requests too
     * (Kubernetes wants the two equal for extended resources). Null when the manifest gives no resources.
     */
    static Map<String, Object> containerResources(Resources resources) {
        if (resources == null) {
            return null;
        }
        ResourceList limits = resources.limits();
        ResourceList requests = resources.requests();
        String gpu = gpuCount(limits, requests);
        Map<String, Object> out = new TreeMap<>();
        Map<String, Object> limitMap = quantities(limits, "$.spec.resources.limits");
        Map<String, Object> requestMap = quantities(requests, "$.spec.resources.requests");
        if (gpu != null) {
            limitMap.put(GPU_RESOURCE, gpu);
            if (requests != null) {
                requestMap.put(GPU_RESOURCE, gpu);
            }
        }
        if (!limitMap.isEmpty()) {
            out.put("limits", limitMap);
        }
        if (!requestMap.isEmpty()) {
            out.put("requests", requestMap);
        }
        return out.isEmpty() ? null : out;
    }

    private static String gpuCount(ResourceList limits, ResourceList requests) {
        String limitGpu = limits == null ? null : limits.gpu();
        String requestGpu = requests == null ? null : requests.gpu();
        if (limitGpu != null && requestGpu != null && !sameAmount(limitGpu, requestGpu)) {
            throw new RenderException("$.spec.resources.requests.gpu", "requests.gpu (" + requestGpu
                    + ") differs from limits.gpu (" + limitGpu + "); GPUs cannot be overcommitted, give the same count or only one");
        }
        String gpu = limitGpu != null ? limitGpu : requestGpu;
        if (gpu != null && !WHOLE_NUMBER.matcher(gpu).matches()) {
            throw new RenderException(limitGpu != null ? "$.spec.resources.limits.gpu" : "$.spec.resources.requests.gpu",
                    "gpu must be a whole number of GPUs, got \"" + gpu + "\"");
        }
        if (gpu == null) {
            return null;
        }
        Quantity count = Quantity.parse(gpu);
        return count.value().signum() == 0 ? null : count.canonical();
    }

    private static boolean sameAmount(String a, String b) {
        return a.equals(b) || (Quantity.isValid(a) && Quantity.isValid(b) && Quantity.parse(a).equals(Quantity.parse(b)));
    }

    private static Map<String, Object> quantities(ResourceList list, String path) {
        Map<String, Object> map = new TreeMap<>();
        if (list == null) {
            return map;
        }
        put(map, "cpu", list.cpu(), path + ".cpu");
        put(map, "memory", list.memory(), path + ".memory");
        return map;
    }

    private static void put(Map<String, Object> map, String name, String value, String path) {
        if (value == null) {
            return;
        }
        Quantity quantity;
        try {
            quantity = Quantity.parse(value);
        } catch (IllegalArgumentException e) {
            throw new RenderException(path, e.getMessage());
        }
        map.put(name, quantity.canonical());
    }
}
