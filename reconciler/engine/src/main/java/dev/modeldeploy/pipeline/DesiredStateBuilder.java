package dev.modeldeploy.pipeline;

import dev.modeldeploy.manifest.Finding;
import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.manifest.ManifestSet;
import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.render.Owner;
import dev.modeldeploy.render.OwnerKind;
import dev.modeldeploy.render.RenderResult;
import dev.modeldeploy.render.Renderer;
import dev.modeldeploy.render.settings.ClusterSettings;
import dev.modeldeploy.rollout.RolloutStates;
import dev.modeldeploy.sync.common.DesiredState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One step of the line git-watcher → manifest-schema → renderers → reconciler: reads a folder of manifests,
 * renders the valid ones and says what the engine must protect. Manifests that failed validation or rendering are
 * still declared (so their live objects are neither pruned nor touched) and carry their first error as the reason.
 */
public final class DesiredStateBuilder {
    private final ManifestLoader loader;
    private final ClusterSettings settings;

    public DesiredStateBuilder(ManifestLoader loader, ClusterSettings settings) {
        this.loader = loader;
        this.settings = settings;
    }

    public ClusterSettings settings() {
        return settings;
    }

    /** Everything read and produced for one commit; findings hold validation and render errors together. */
    public record Result(ManifestSet manifests, RenderResult render, DesiredState desired, List<Finding> findings) {
    }

    /**
     * @param folder       the manifests folder (a Git snapshot or a plain folder)
     * @param commit       the commit it was read from, or a label such as "working-tree"
     * @param commitByFile file (relative to folder) → last commit that changed it; empty when unknown
     */
    public Result build(Path folder, String commit, Map<String, String> commitByFile) {
        return build(folder, commit, commitByFile, manifests -> RolloutStates.none());
    }

    /**
     * As above, with the routes' rollouts rendered at the states {@code rollouts} gives for the manifests read (the
     * daemon advances them there, between reading and rendering).
     */
    public Result build(Path folder, String commit, Map<String, String> commitByFile,
            Function<ManifestSet, RolloutStates> rollouts) {
        ManifestSet manifests = loader.load(folder);
        RenderResult render = Renderer.render(manifests, settings, commitByFile, rollouts.apply(manifests));

        List<Finding> findings = new ArrayList<>(manifests.findings());
        findings.addAll(render.failures());
        Map<Owner, String> failedOwners = new LinkedHashMap<>();
        Set<String> failedFiles = new LinkedHashSet<>(manifests.failedFiles());
        for (Finding finding : findings) {
            Optional<OwnerKind> ownerKind = OwnerKind.find(finding.kind());
            if (ownerKind.isPresent() && finding.id() != null) {
                failedOwners.putIfAbsent(new Owner(ownerKind.get(), finding.id()), finding.toText());
            } else if (finding.location() != null) {
                failedFiles.add(finding.location().file());
            }
        }
        Set<Owner> allOwners = new LinkedHashSet<>(failedOwners.keySet());
        for (ModelDeployment deployment : manifests.deployments()) {
            allOwners.add(new Owner(OwnerKind.MODEL_DEPLOYMENT, deployment.id()));
        }
        for (ModelRoute route : manifests.routes()) {
            allOwners.add(new Owner(OwnerKind.MODEL_ROUTE, route.id()));
        }
        DesiredState desired = new DesiredState(commit, render.rendered(), failedOwners, failedFiles, allOwners);
        return new Result(manifests, render, desired, List.copyOf(findings));
    }
}
