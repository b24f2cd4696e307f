package dev.modeldeploy.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.git.auth.GitCredentials;
import dev.modeldeploy.manifest.Finding;
import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.manifest.ManifestSet;
import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.manifest.SourceLocation;
import dev.modeldeploy.pipeline.DesiredStateBuilder;
import dev.modeldeploy.render.ManagedLabels;
import dev.modeldeploy.render.Owner;
import dev.modeldeploy.render.OwnerKind;
import dev.modeldeploy.render.RenderedManifest;
import dev.modeldeploy.render.settings.ClusterSettings;
import dev.modeldeploy.rollout.RolloutPlan;
import dev.modeldeploy.rollout.RolloutRecord;
import dev.modeldeploy.rollout.RouteFingerprint;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Makes a {@link Plan}: reads base and head from Git, validates and renders head, and compares it with the base's
 * rendering, or with the live objects when a cluster is given. Everything temporary lives under a fresh directory
 * that is deleted before returning.
 */
public final class Planner {
    /** Compared side's fingerprint for a live route that no daemon has driven a rollout on. */
    private static final String NOT_DRIVEN = "not driven";

    /**
     * @param repo        URL or path of the repository
     * @param path        manifests folder inside it ("" = whole repository)
     * @param settings    cluster settings for the renderers
     * @param credentials where Git secrets are (files or environment variables)
     * @param environment environment lookup for credentials ({@code System::getenv})
     * @param cluster     the cluster to compare with, or null to compare with the base's rendering
     */
    public record Request(String repo, String baseRef, String headRef, String path, ClusterSettings settings,
                          GitCredentials credentials, Function<String, String> environment, Duration timeout,
                          KubernetesClient cluster) {
    }

    private Planner() {
    }

    public static Plan plan(Request request) throws PlanException {
        String folder = normalizeFolder(request.path());
        Path work;
        try {
            work = Files.createTempDirectory("modeldeploy-plan");
        } catch (IOException e) {
            throw new PlanException("cannot create a temporary directory: " + e.getMessage());
        }
        try (GitRefReader git = GitRefReader.open(request.repo(), request.credentials(), request.timeout(),
                work, request.environment(), List.of(request.baseRef(), request.headRef()))) {
            return plan(request, folder, git, work);
        } finally {
            deleteTree(work);
        }
    }

    private static Plan plan(Request request, String folder, GitRefReader git, Path work) throws PlanException {
        ObjectId baseId = git.resolve(request.baseRef());
        ObjectId headId = git.resolve(request.headRef());
        List<String> notes = new ArrayList<>();
        String where = folder.isEmpty() ? "the repository" : "folder '" + folder + "'";
        String prefix = folder.isEmpty() ? "" : folder + "/";

        Path headDir = work.resolve("head");
        if (git.checkout(headId, folder, headDir) == 0) {
            notes.add(where + " holds no files at head " + request.headRef());
        }
        ClusterSettings settings = request.settings();
        DesiredStateBuilder builder = new DesiredStateBuilder(new ManifestLoader(), settings);
        DesiredStateBuilder.Result head = builder.build(headDir, headId.name(), Map.of());
        Map<Owner, PlanBuilder.ManifestObjects> after = rendered(head, prefix);
        inRepository(head.manifests().warnings(), prefix).forEach(warning -> notes.add(warning.toText()));

        Map<Owner, PlanBuilder.ManifestObjects> before;
        // route id -> the fingerprint its rollout belongs to on the compared side, to tell which rollouts start over
        Map<String, String> baseRoutes = new HashMap<>();
        ObjectComparer comparer;
        Plan.Baseline baseline;
        if (request.cluster() == null) {
            Path baseDir = work.resolve("base");
            if (git.checkout(baseId, folder, baseDir) == 0) {
                notes.add(where + " holds no files at base " + request.baseRef());
            }
            DesiredStateBuilder.Result base = builder.build(baseDir, baseId.name(), Map.of());
            if (!base.findings().isEmpty()) {
                notes.add("base has " + base.findings().size() + " validation or render error(s); the manifests "
                        + "concerned count as absent there");
            }
            before = rendered(base, prefix);
            base.manifests().routes().forEach(r -> baseRoutes.put(r.id(), RouteFingerprint.of(r.spec())));
            comparer = new RenderedComparer();
            baseline = Plan.Baseline.BASE;
        } else {
            LiveObjects.Listing live = LiveObjects.list(request.cluster(), settings.namespace(), prefix);
            notes.addAll(live.notes());
            before = live.byOwner();
            before.forEach((owner, objects) -> {
                if (owner.kind() == OwnerKind.MODEL_ROUTE) {
                    // a live route without a recorded rollout was applied without the daemon, which alone moves rollouts
                    baseRoutes.put(owner.id(), objects.objects().stream()
                            .map(object -> RolloutRecord.readJson(owner.id(), ObjectTrees.annotation(object, ManagedLabels.ROLLOUT)))
                            .flatMap(java.util.Optional::stream).map(state -> state.routeFingerprint()).findFirst()
                            .orElse(NOT_DRIVEN));
                }
            });
            comparer = new LiveComparer();
            baseline = Plan.Baseline.CLUSTER;
        }

        Set<Owner> untouched = new HashSet<>(head.desired().failedOwners().keySet());
        Set<String> failedFiles = new HashSet<>();
        head.desired().failedFiles().forEach(file -> failedFiles.add(prefix + file));
        before.forEach((owner, objects) -> {
            if (!after.containsKey(owner) && objects.sourceFile() != null && failedFiles.contains(objects.sourceFile())) {
                untouched.add(owner);
            }
        });
        List<ManifestChange> changes = withRolloutSteps(new PlanBuilder(comparer, settings.jwt().adminRole())
                .build(before, after, untouched), head.manifests(), baseRoutes);
        return new Plan(git.displayUrl(), folder, new Plan.Side(request.baseRef(), baseId.name()),
                new Plan.Side(request.headRef(), headId.name()), baseline, settings.namespace(), changes,
                inRepository(head.findings(), prefix), notes);
    }

    /**
     * A route with a rollout that the merge adds or changes (any field of the route, the rollout included) starts its
     * rollout over from the first step: its meaning lists the steps it will go through and what decides each. Such a
     * change counts even when the rendered objects stay the same, since the daemon's progression does not.
     */
    private static List<ManifestChange> withRolloutSteps(List<ManifestChange> changes, ManifestSet head,
            Map<String, String> baseFingerprints) {
        Map<String, ModelRoute> rollouts = new HashMap<>();
        head.routes().stream().filter(r -> r.spec().rollout() != null).forEach(r -> rollouts.put(r.id(), r));
        List<ManifestChange> result = new ArrayList<>(changes.size());
        for (ManifestChange change : changes) {
            ModelRoute route = ModelRoute.KIND.equals(change.kind()) ? rollouts.get(change.id()) : null;
            String before = route == null ? null : baseFingerprints.get(route.id());
            boolean startsOver = route != null && change.action() != ChangeAction.REMOVED && !NOT_DRIVEN.equals(before)
                    && !RouteFingerprint.of(route.spec()).equals(before);
            if (!startsOver) {
                result.add(change);
                continue;
            }
            List<String> meaning = new ArrayList<>(change.meaning());
            meaning.addAll(RolloutPlan.describe(route.spec().rollout()));
            ChangeAction action = change.action() == ChangeAction.UNCHANGED ? ChangeAction.CHANGED : change.action();
            result.add(new ManifestChange(change.kind(), change.id(), action, change.sourceFile(), meaning, change.objects()));
        }
        return result;
    }

    private static Map<Owner, PlanBuilder.ManifestObjects> rendered(DesiredStateBuilder.Result result, String prefix) {
        Map<Owner, PlanBuilder.ManifestObjects> byOwner = new LinkedHashMap<>();
        for (RenderedManifest manifest : result.render().rendered()) {
            if (result.desired().failedOwners().containsKey(manifest.owner())) {
                continue;
            }
            List<ObjectNode> objects = new ArrayList<>();
            for (GenericKubernetesResource object : manifest.objects()) {
                objects.add(ObjectTrees.tree(object));
            }
            String file = manifest.sourceFile() == null ? null : prefix + manifest.sourceFile();
            byOwner.put(manifest.owner(), new PlanBuilder.ManifestObjects(file, objects));
        }
        return byOwner;
    }

    /** Findings with file paths relative to the repository root, so they point at the file in the pull request. */
    private static List<Finding> inRepository(List<Finding> findings, String prefix) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            SourceLocation at = f.location();
            SourceLocation moved = at == null ? null : new SourceLocation(prefix + at.file(), at.line(), at.column());
            out.add(f.at(moved));
        }
        return out;
    }

    private static String normalizeFolder(String path) throws PlanException {
        if (path == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.strip().replace('\\', '/').split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new PlanException("--path must stay inside the repository, got '" + path + "'");
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
