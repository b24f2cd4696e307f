package dev.modeldeploy.plan;

import dev.modeldeploy.manifest.Finding;
import java.util.List;

/**
 * The outcome of {@code modeldeploy plan}: for every manifest what merging head into base would do.
 *
 * @param repo        the repository as it may be printed (no credentials)
 * @param path        the manifests folder inside the repository ("" = whole repository)
 * @param comparedWith what head was compared with: {@link Baseline#BASE} (the base's rendering) or
 *                    {@link Baseline#CLUSTER} (the live objects)
 * @param namespace   the namespace the objects are rendered into
 * @param changes     one entry per manifest, deployments first, each kind sorted by id
 * @param findings    the head's validation and render errors, file paths relative to the repository root
 * @param notes       anything else the reader should know (missing folders, kinds the cluster does not serve)
 */
public record Plan(String repo, String path, Side base, Side head, Baseline comparedWith, String namespace,
                   List<ManifestChange> changes, List<Finding> findings, List<String> notes) {

    public enum Baseline { BASE, CLUSTER }

    /** A ref as given and the commit it names. */
    public record Side(String ref, String commit) {
        public String shortCommit() {
            return commit == null ? "" : commit.substring(0, Math.min(7, commit.length()));
        }
    }

    public Plan {
        changes = List.copyOf(changes);
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    public long count(ChangeAction action) {
        return changes.stream().filter(c -> c.action() == action).count();
    }

    /** Whether merging would change anything in the cluster. */
    public boolean hasChanges() {
        return changes.stream().anyMatch(c -> c.action() != ChangeAction.UNCHANGED);
    }

    public boolean headInvalid() {
        return !findings.isEmpty();
    }
}
