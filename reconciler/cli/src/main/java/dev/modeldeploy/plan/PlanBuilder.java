package dev.modeldeploy.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.render.Owner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches the objects of every manifest on the two sides (by apiVersion, kind and name), lets the comparer judge
 * each, and turns the result into one {@link ManifestChange} per manifest with its meaning and diffs.
 */
final class PlanBuilder {
    private static final Comparator<Owner> BY_OWNER = Comparator.comparing(Owner::kind).thenComparing(Owner::id);

    /** One manifest's objects on one side; sourceFile is relative to the repository root, null when unknown. */
    record ManifestObjects(String sourceFile, List<ObjectNode> objects) {
    }

    private final ObjectComparer comparer;
    private final String adminRole;

    PlanBuilder(ObjectComparer comparer, String adminRole) {
        this.comparer = comparer;
        this.adminRole = adminRole;
    }

    /**
     * @param before    what head is compared with, per manifest
     * @param after     the head's rendering, per manifest
     * @param untouched manifests that are invalid in head: the daemon leaves their objects as they are, so they
     *                  appear in no change
     */
    List<ManifestChange> build(Map<Owner, ManifestObjects> before, Map<Owner, ManifestObjects> after,
                               Set<Owner> untouched) {
        Map<String, String> servicesBefore = ManifestFacts.deploymentsByService(all(before));
        Map<String, String> servicesAfter = ManifestFacts.deploymentsByService(all(after));
        Set<Owner> owners = new TreeSet<>(BY_OWNER);
        owners.addAll(before.keySet());
        owners.addAll(after.keySet());
        owners.removeAll(untouched);
        List<ManifestChange> changes = new ArrayList<>();
        for (Owner owner : owners) {
            changes.add(change(owner, before.get(owner), after.get(owner), servicesBefore, servicesAfter));
        }
        return changes;
    }

    private ManifestChange change(Owner owner, ManifestObjects before, ManifestObjects after,
                                  Map<String, String> servicesBefore, Map<String, String> servicesAfter) {
        Map<String, ObjectNode> old = byIdentity(before);
        Map<String, ObjectNode> now = byIdentity(after);
        List<String> identities = new ArrayList<>(now.keySet());
        old.keySet().stream().filter(id -> !now.containsKey(id)).forEach(identities::add);

        List<ObjectChange> objects = new ArrayList<>();
        List<Meaning.ObjectNote> notes = new ArrayList<>();
        List<ObjectNode> beforeViews = new ArrayList<>();
        List<ObjectNode> afterViews = new ArrayList<>();
        boolean changed = false;
        for (String identity : identities) {
            ObjectNode b = old.get(identity);
            ObjectNode a = now.get(identity);
            ObjectComparer.Compared compared = comparer.compare(b, a);
            SecretRedaction.Redacted shown = SecretRedaction.redact(compared.beforeView(), compared.afterView());
            ObjectNode any = a != null ? a : b;
            String kind = ObjectTrees.kind(any);
            String name = ObjectTrees.name(any);
            String diff = compared.action() == ChangeAction.UNCHANGED ? ""
                    : UnifiedDiff.of(kind + "/" + name, text(shown.before()), text(shown.after()));
            objects.add(new ObjectChange(ObjectTrees.apiVersion(any), kind, name, compared.action(), diff));
            notes.add(new Meaning.ObjectNote(kind, name, compared.action(), compared.drifted(), shown.changedKeys()));
            changed |= compared.action() != ChangeAction.UNCHANGED;
            if (compared.beforeView() != null) {
                beforeViews.add(compared.beforeView());
            }
            if (compared.afterView() != null) {
                afterViews.add(compared.afterView());
            }
        }
        ChangeAction action = before == null ? ChangeAction.ADDED
                : after == null ? ChangeAction.REMOVED
                : changed ? ChangeAction.CHANGED : ChangeAction.UNCHANGED;
        ManifestFacts factsBefore = before == null ? ManifestFacts.NONE
                : ManifestFacts.of(owner.kind(), beforeViews, servicesBefore, adminRole);
        ManifestFacts factsAfter = after == null ? ManifestFacts.NONE
                : ManifestFacts.of(owner.kind(), afterViews, servicesAfter, adminRole);
        List<String> meaning = Meaning.describe(action, owner.kind(), factsBefore, factsAfter, notes);
        String sourceFile = after != null && after.sourceFile() != null ? after.sourceFile()
                : before == null ? null : before.sourceFile();
        return new ManifestChange(owner.kind(), owner.id(), action, sourceFile, meaning, objects);
    }

    /** The objects in apply order, keyed by identity. */
    private static Map<String, ObjectNode> byIdentity(ManifestObjects manifest) {
        Map<String, ObjectNode> objects = new LinkedHashMap<>();
        if (manifest != null) {
            List<ObjectNode> sorted = new ArrayList<>(manifest.objects());
            sorted.sort(ObjectTrees.BY_APPLY_ORDER);
            sorted.forEach(o -> objects.put(ObjectTrees.identity(o), o));
        }
        return objects;
    }

    private static List<ObjectNode> all(Map<Owner, ManifestObjects> side) {
        List<ObjectNode> objects = new ArrayList<>();
        side.values().forEach(m -> objects.addAll(m.objects()));
        return objects;
    }

    private static String text(ObjectNode object) {
        return object == null ? null : ObjectTrees.yaml(object);
    }
}
