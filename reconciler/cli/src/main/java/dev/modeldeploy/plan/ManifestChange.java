package dev.modeldeploy.plan;

import java.util.List;

/**
 * What merging would do to one ModelDeployment or ModelRoute: the action, what it means in plain words (image,
 * replicas, resources, traffic weights, mirror, roles...), and its objects with their diffs.
 *
 * @param sourceFile the manifest's file relative to the repository root (the head's when it exists there)
 */
public record ManifestChange(String kind, String id, ChangeAction action, String sourceFile, List<String> meaning,
                             List<ObjectChange> objects) {
    public ManifestChange {
        meaning = List.copyOf(meaning);
        objects = List.copyOf(objects);
    }

    public String displayName() {
        return kind + " " + id;
    }
}
