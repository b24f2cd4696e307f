package dev.modeldeploy.sync.common;

import dev.modeldeploy.render.Owner;
import dev.modeldeploy.render.RenderedManifest;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Git wants for one commit, as the engine reads it.
 *
 * @param commit         the commit the manifests were read from
 * @param rendered       the objects of every manifest that validated and rendered
 * @param failedOwners   owner → why it could not be rendered (validation or render error); its live objects are
 *                       left exactly as they are
 * @param failedFiles    files (relative, '/'-separated) that failed to load at all; live objects whose
 *                       modeldeploy.dev/source-file names one of them are never pruned
 * @param allOwnersInGit every owner Git declares, valid or not; live objects of any other owner are pruned
 */
public record DesiredState(
        String commit,
        List<RenderedManifest> rendered,
        Map<Owner, String> failedOwners,
        Set<String> failedFiles,
        Set<Owner> allOwnersInGit) {

    public DesiredState {
        rendered = List.copyOf(rendered);
        failedOwners = Map.copyOf(failedOwners);
        failedFiles = Set.copyOf(failedFiles);
        allOwnersInGit = Set.copyOf(allOwnersInGit);
    }

    /** The same state with more owners that must not be applied (their live objects stay as they are). */
    public DesiredState withFailedOwners(Map<Owner, String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<Owner, String> failed = new java.util.LinkedHashMap<>(failedOwners);
        more.forEach(failed::putIfAbsent);
        return new DesiredState(commit, rendered, failed, failedFiles, allOwnersInGit);
    }

    /** Git holds no manifest at all (not even a broken one). */
    public boolean empty() {
        return rendered.isEmpty() && failedOwners.isEmpty() && failedFiles.isEmpty() && allOwnersInGit.isEmpty();
    }
}
