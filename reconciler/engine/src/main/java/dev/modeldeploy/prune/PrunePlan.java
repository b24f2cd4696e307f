package dev.modeldeploy.prune;

import dev.modeldeploy.sync.common.ChangeSetEntry;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;

/**
 * What prune will delete (in reverse apply order) and what it keeps on purpose, each kept object with its reason.
 * brake names the safety rule that stopped deletions, or is null.
 */
public record PrunePlan(List<GenericKubernetesResource> delete, List<ChangeSetEntry> kept, Brake brake, String brakeReason) {

    public enum Brake {
        /** Git suddenly holds no manifests and allowEmpty is off. */
        EMPTY_GIT,
        /** Too large a share of the managed owners would go at once. */
        SHARE
    }
}
