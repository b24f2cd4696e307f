package dev.modeldeploy.cli;

import dev.modeldeploy.cache.LiveObjectCache;
import dev.modeldeploy.cluster.ClusterConnection;
import dev.modeldeploy.embedded.EmbeddedCluster;
import dev.modeldeploy.manifest.Finding;
import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.metrics.ReconcileMetrics;
import dev.modeldeploy.pipeline.DesiredStateBuilder;
import dev.modeldeploy.render.settings.ClusterSettings;
import dev.modeldeploy.sync.ReconcileEngine;
import dev.modeldeploy.ownership.InstanceId;
import dev.modeldeploy.sync.ReconcileOptions;
import dev.modeldeploy.sync.common.Action;
import dev.modeldeploy.sync.common.ChangeSet;
import dev.modeldeploy.sync.common.ChangeSetEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code modeldeploy apply PATH}: one reconcile of a folder of manifests against a cluster, without Git and
 * without the daemon: validate, render, diff, apply, prune, then print what happened to every object.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {
            "Reconcile the cluster once with the manifests in PATH (a folder or one file): create, update and "
                    + "prune the objects modeldeploy manages, and print the change set.",
            "Exit code: 0 all applied, 1 an object failed or a manifest is invalid, 2 usage error."})
public final class ApplyCommand implements Callable<Integer> {
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(60);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "Manifest folder or file.")
    Path path;

    @Option(names = "--cluster-config", paramLabel = "FILE",
            description = "Cluster settings for the renderers (namespace, gateway, JWT, request logging); default: built-in defaults.")
    Path clusterConfig;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig of the target cluster.")
    Path kubeconfig;

    @Option(names = "--cluster", paramLabel = "MODE",
            description = "kubeconfig (default: --kubeconfig, else $KUBECONFIG or ~/.kube/config), in-cluster, or "
                    + "embedded (a fresh in-memory API server that is gone when the command ends: a dry run).")
    String cluster;

    @Option(names = "--prune", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Delete managed objects no longer in PATH (default: ${DEFAULT-VALUE}).")
    boolean prune;

    @Option(names = "--allow-empty", description = "Let a PATH without any manifest delete every managed object.")
    boolean allowEmpty;

    @Option(names = "--max-delete-share", paramLabel = "SHARE", defaultValue = "0.5",
            description = "Refuse to delete the objects of more than this share of the managed deployments and routes at once (default: ${DEFAULT-VALUE}).")
    double maxDeleteShare;

    @Option(names = "--server-side",
            description = "Write with server-side apply (field manager modeldeploy) instead of JSON merge patch; needs a real API server.")
    boolean serverSide;

    @Option(names = "--instance", paramLabel = "ID",
            description = "This install's identity (the modeldeploy.dev/instance label): only objects with it are "
                    + "healed and pruned. Default: derived from the folder's absolute path. To hand the objects over "
                    + "to a daemon later, give the daemon's instance.")
    String instance;

    @Option(names = "--commit", paramLabel = "LABEL", defaultValue = "working-tree",
            description = "Label recorded as the applied commit (default: ${DEFAULT-VALUE}).")
    String commit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String mode = connectionMode();
        if (!Files.exists(path)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such file or folder: " + path);
        }
        if (maxDeleteShare < 0 || maxDeleteShare > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-delete-share must be within 0..1");
        }
        ClusterSettings settings;
        try {
            settings = clusterConfig == null ? ClusterSettings.defaults() : ClusterSettings.load(clusterConfig);
        } catch (RuntimeException e) {
            err.println("error: cluster settings " + clusterConfig + ": " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }

        DesiredStateBuilder.Result read = new DesiredStateBuilder(new ManifestLoader(), settings)
                .build(path, commit, Map.of());
        for (Finding warning : read.manifests().warnings()) {
            err.println(warning.toText());
        }
        for (Finding finding : read.findings()) {
            err.println(finding.toText());
        }

        EmbeddedCluster embedded = null;
        KubernetesClient client = null;
        try {
            if ("embedded".equals(mode)) {
                embedded = EmbeddedCluster.start(0, settings.namespace());
                client = embedded.newClient();
            } else if ("in-cluster".equals(mode)) {
                client = ClusterConnection.inCluster(settings.namespace());
            } else if (kubeconfig != null) {
                client = ClusterConnection.fromKubeconfig(kubeconfig, settings.namespace());
            } else {
                client = ClusterConnection.fromDefaultKubeconfig(settings.namespace());
            }
            ReconcileOptions options = ReconcileOptions.DEFAULT.withPrune(prune).withAllowEmpty(allowEmpty)
                    .withMaxDeleteShare(maxDeleteShare).withServerSideApply(serverSide)
                    .withInstance(instance != null ? new InstanceId(instance)
                            : InstanceId.derivedFrom(path.toAbsolutePath().normalize().toUri().toString(), "", ""));
            ChangeSet changes;
            try (LiveObjectCache cache = new LiveObjectCache(client, settings.namespace()).start(LIST_TIMEOUT);
                 ReconcileEngine engine = new ReconcileEngine(client, cache, options, ReconcileMetrics.inMemory())) {
                changes = engine.reconcile(read.desired());
            }
            printTable(out, changes);
            out.println(summary(changes, settings.namespace(), read.findings().size()));
            if (embedded != null) {
                out.println("(embedded cluster: in memory only, discarded now; nothing was applied to a real cluster)");
            }
            out.flush();
            return changes.failed() || !read.findings().isEmpty() ? 1 : 0;
        } catch (RuntimeException e) {
            err.println("error: cannot reconcile namespace " + settings.namespace() + ": " + e.getMessage());
            return 1;
        } finally {
            if (client != null) {
                client.close();
            }
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private String connectionMode() {
        String mode = cluster == null ? "kubeconfig" : cluster.toLowerCase(Locale.ROOT);
        if (!List.of("kubeconfig", "in-cluster", "embedded").contains(mode)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--cluster must be kubeconfig, in-cluster or embedded, not " + cluster);
        }
        if (kubeconfig != null && !"kubeconfig".equals(mode)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--kubeconfig cannot be combined with --cluster " + mode);
        }
        return mode;
    }

    static void printTable(PrintWriter out, ChangeSet changes) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ACTION", "KIND", "NAME", "OWNER", "REASON"});
        for (ChangeSetEntry e : changes.entries()) {
            rows.add(new String[] {
                e.action().name().toLowerCase(Locale.ROOT),
                e.kind() == null ? "" : e.kind(),
                e.name() == null ? "" : e.name(),
                e.owner() == null ? "-" : e.owner().toString(),
                e.reason() == null ? "" : e.reason()});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(String.format("%-" + widths[i] + "s   ", row[i]));
            }
            line.append(row[4]);
            out.println(line.toString().stripTrailing());
        }
    }

    private static String summary(ChangeSet changes, String namespace, int findings) {
        StringBuilder s = new StringBuilder("namespace ").append(namespace).append(", ").append(changes.commit()).append(": ");
        List<String> parts = new ArrayList<>();
        for (Action action : Action.values()) {
            parts.add(changes.count(action) + " " + action.name().toLowerCase(Locale.ROOT));
        }
        s.append(String.join(", ", parts));
        if (findings > 0) {
            s.append("; ").append(findings).append(findings == 1 ? " manifest error" : " manifest errors");
        }
        return s.toString();
    }
}
