package dev.modeldeploy.prune;

import dev.modeldeploy.cache.ManagedObjects;
import dev.modeldeploy.cache.ObjectKey;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.Owner;
import dev.modeldeploy.render.RenderedManifest;
import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSetEntry;
import dev.modeldeploy.sync.common.DesiredState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which live managed objects Git no longer wants, and which of those must stay anyway:
 * <ul>
 *   <li>only objects labelled managed-by=modeldeploy are ever considered (the caller lists only those);</li>
 *   <li>objects of an owner that failed validation or rendering stay (the caller reports them as failed);</li>
 *   <li>objects whose source-file annotation names a file that failed to load stay;</li>
 *   <li>objects without an owner label stay, since nothing says whose they are;</li>
 *   <li>stale objects of an owner still rendered (an object the renderer no longer emits) go;</li>
 *   <li>objects of owners Git no longer declares go, unless a brake holds: Git holds no manifests at all while
 *       allowEmpty is off, or more than maxDeleteShare of the live owners (and more than one) would go.</li>
 * </ul>
 */
public final class PrunePlanner {
    private final boolean prune;
    private final double maxDeleteShare;
    private final boolean allowEmpty;

    public PrunePlanner(boolean prune, double maxDeleteShare, boolean allowEmpty) {
        this.prune = prune;
        this.maxDeleteShare = maxDeleteShare;
        this.allowEmpty = allowEmpty;
    }

    public PrunePlan plan(List<GenericKubernetesResource> live, Set<ObjectKey> desiredKeys, DesiredState desired) {
        Set<Owner> rendered = new HashSet<>();
        for (RenderedManifest manifest : desired.rendered()) {
            rendered.add(manifest.owner());
        }
        Set<Owner> liveOwners = new HashSet<>();
        List<GenericKubernetesResource> stale = new ArrayList<>();
        List<GenericKubernetesResource> orphaned = new ArrayList<>();
        List<ChangeSetEntry> kept = new ArrayList<>();
        for (GenericKubernetesResource object : live) {
            Owner owner = ManagedObjects.owner(object);
            if (owner != null) {
                liveOwners.add(owner);
            }
            if (desiredKeys.contains(ObjectKey.of(object)) || (owner != null && desired.failedOwners().containsKey(owner))) {
                continue;
            }
            String sourceFile = ManagedObjects.sourceFile(object);
            if (owner == null) {
                kept.add(keep(null, object, "has the managed-by label but no deployment-id or route-id label; "
                        + "whose it is cannot be told, so it is not pruned"));
            } else if (sourceFile != null && desired.failedFiles().contains(sourceFile)) {
                kept.add(keep(owner, object, "its source file " + sourceFile
                        + " failed to load; kept until the file loads again"));
            } else if (rendered.contains(owner)) {
                stale.add(object);
            } else if (desired.allOwnersInGit().contains(owner)) {
                kept.add(keep(owner, object, owner + " is declared in Git but was not rendered; kept"));
            } else {
                orphaned.add(object);
            }
        }

        if (!prune) {
            stale.forEach(o -> kept.add(keep(ManagedObjects.owner(o), o, "not in Git; prune is off")));
            orphaned.forEach(o -> kept.add(keep(ManagedObjects.owner(o), o, "not in Git; prune is off")));
            return new PrunePlan(List.of(), kept, null, null);
        }

        PrunePlan.Brake brake = null;
        String brakeReason = null;
        if (desired.empty() && !allowEmpty && !(stale.isEmpty() && orphaned.isEmpty())) {
            brake = PrunePlan.Brake.EMPTY_GIT;
            brakeReason = "prune brake: Git holds no manifests, refusing to delete all " + (stale.size() + orphaned.size())
                    + " managed objects (set prune.allowEmpty to allow this)";
        } else if (!desired.empty()) {
            Set<Owner> goingOwners = new HashSet<>();
            orphaned.forEach(o -> goingOwners.add(ManagedObjects.owner(o)));
            if (goingOwners.size() > 1 && goingOwners.size() > maxDeleteShare * liveOwners.size()) {
                brake = PrunePlan.Brake.SHARE;
                brakeReason = String.format("prune brake: Git no longer declares %d of the %d managed owners "
                                + "(more than %.0f%%), refusing to delete their objects (raise prune.maxDeleteShare "
                                + "if this is intended)", goingOwners.size(), liveOwners.size(), maxDeleteShare * 100);
            }
        }

        List<GenericKubernetesResource> delete = new ArrayList<>(stale);
        if (brake == null) {
            delete.addAll(orphaned);
        } else {
            for (GenericKubernetesResource object : orphaned) {
                kept.add(keep(ManagedObjects.owner(object), object, brakeReason));
            }
            if (brake == PrunePlan.Brake.EMPTY_GIT) {
                for (GenericKubernetesResource object : stale) {
                    kept.add(keep(ManagedObjects.owner(object), object, brakeReason));
                }
                delete.clear();
            }
        }
        delete.sort(Comparator.comparingInt(PrunePlanner::applyOrder).reversed()
                .thenComparing(o -> o.getMetadata().getName()));
        return new PrunePlan(List.copyOf(delete), List.copyOf(kept), brake, brakeReason);
    }

    private static int applyOrder(GenericKubernetesResource object) {
        try {
            return ManagedKind.of(object.getApiVersion(), object.getKind()).applyOrder();
        } catch (IllegalArgumentException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static ChangeSetEntry keep(Owner owner, GenericKubernetesResource object, String reason) {
        return new ChangeSetEntry(owner, object.getApiVersion(), object.getKind(), object.getMetadata().getName(),
                Action.SKIPPED, reason);
    }
}
