package dev.modeldeploy.diff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modeldeploy.manifest.Quantity;
import java.util.Optional;

/**
 * The fields that hold Kubernetes resource quantities, which the API server and admission webhooks that pass an
 * object through Kubernetes' types store in canonical form ({@code 1000m} comes back as {@code 1}). Their values
 * compare by amount, so a spelling that differs from ours (or from an older last-applied record) is no difference.
 *
 * <p>The fields are those of a pod template: the entries of {@code resources.requests} and {@code resources.limits}
 * (containers, pod-level resources, volume claim templates), of {@code overhead}, and {@code sizeLimit} (emptyDir).
 */
final class QuantityFields {
    private QuantityFields() {
    }

    static boolean holdsQuantity(FieldPath at) {
        String parent = at.keyAbove(1);
        return (("requests".equals(parent) || "limits".equals(parent)) && "resources".equals(at.keyAbove(2)))
                || "overhead".equals(parent)
                || "sizeLimit".equals(at.keyAbove(0));
    }

    /** Whether both values are quantities of the same amount; empty when either is not a quantity at all. */
    static Optional<Boolean> sameAmount(JsonNode a, JsonNode b) {
        Optional<Quantity> first = quantity(a);
        Optional<Quantity> second = quantity(b);
        if (first.isEmpty() || second.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(first.get().equals(second.get()));
    }

    private static Optional<Quantity> quantity(JsonNode value) {
        if (!value.isTextual() && !value.isNumber()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Quantity.parse(value.asText()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
