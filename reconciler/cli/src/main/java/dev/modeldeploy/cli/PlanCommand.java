package dev.modeldeploy.cli;

import dev.modeldeploy.cluster.ClusterConnection;
import dev.modeldeploy.git.auth.GitCredentials;
import dev.modeldeploy.git.auth.SecretScrubber;
import dev.modeldeploy.plan.JsonReport;
import dev.modeldeploy.plan.MarkdownReport;
import dev.modeldeploy.plan.Plan;
import dev.modeldeploy.plan.PlanException;
import dev.modeldeploy.plan.Planner;
import dev.modeldeploy.render.settings.ClusterSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code modeldeploy plan}: what merging a pull request would do. Reads two refs of a repository, validates and
 * renders the head, and reports per deployment and route whether it would be added, changed, removed or stay
 * unchanged, what a change means, and the diff of every object, as a pull-request comment (Markdown) or JSON.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Show what merging HEAD into BASE would do to the cluster: per ModelDeployment and ModelRoute added, "
                    + "changed, removed or unchanged, what a change means (image, replicas, resources, traffic "
                    + "weights, mirror, roles) and a unified diff of every rendered object.",
            "HEAD is compared with BASE's rendering, or with the live objects when --kubeconfig or --cluster is "
                    + "given (then changes made in the cluster by hand show too).",
            "Exit code: 0 nothing would change, 1 something would change, 2 HEAD is invalid or the plan could not "
                    + "be made (unknown ref, unreachable repository, usage error)."})
public final class PlanCommand implements Callable<Integer> {
    static final int NO_CHANGES = 0;
    static final int CHANGES = 1;
    static final int INVALID_OR_ERROR = 2;
    private static final String EMBEDDED_KUBECONFIG = "kubeconfig";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--repo", required = true, paramLabel = "URL_OR_PATH",
            description = "Repository: https://, ssh://, git@host:path, git://, file:// or a path to a working copy or bare repository.")
    String repo;

    @Option(names = "--base", required = true, paramLabel = "REF",
            description = "What the pull request merges into: branch, origin/branch, tag, full ref or commit id.")
    String base;

    @Option(names = "--head", required = true, paramLabel = "REF",
            description = "The pull request's head: branch, origin/branch, tag, full ref (e.g. refs/pull/7/head) or commit id.")
    String head;

    @Option(names = "--path", paramLabel = "DIR", defaultValue = "",
            description = "Folder inside the repository holding the manifests (default: the whole repository).")
    String path;

    @Option(names = "--cluster-config", paramLabel = "FILE",
            description = "Cluster settings for the renderers (namespace, gateway, JWT, request logging); default: built-in defaults.")
    Path clusterConfig;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Compare with the live objects of this cluster instead of BASE's rendering.")
    Path kubeconfig;

    @Option(names = "--cluster", paramLabel = "MODE",
            description = "Compare with a live cluster: embedded (the API server of a local `modeldeploy run`, "
                    + "through the kubeconfig it writes to STATE_DIR/kubeconfig), kubeconfig ($KUBECONFIG or "
                    + "~/.kube/config) or in-cluster.")
    String cluster;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".modeldeploy",
            description = "State directory of the local daemon, for --cluster embedded (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "markdown",
            description = "markdown (a pull-request comment, under 65,000 characters) or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--git-username", paramLabel = "NAME", description = "User for HTTPS or SSH (not a secret).")
    String gitUsername;

    @Option(names = "--git-token-file", paramLabel = "FILE", description = "File holding an HTTPS access token.")
    Path gitTokenFile;

    @Option(names = "--git-token-env", paramLabel = "VAR", description = "Environment variable holding an HTTPS access token.")
    String gitTokenEnv;

    @Option(names = "--git-password-file", paramLabel = "FILE", description = "File holding an HTTPS password.")
    Path gitPasswordFile;

    @Option(names = "--git-password-env", paramLabel = "VAR", description = "Environment variable holding an HTTPS password.")
    String gitPasswordEnv;

    @Option(names = "--ssh-key-file", paramLabel = "FILE", description = "Private key for SSH.")
    Path sshKeyFile;

    @Option(names = "--known-hosts-file", paramLabel = "FILE", description = "known_hosts file the SSH host key must be in.")
    Path knownHostsFile;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Network timeout for Git, in seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    private final Function<String, String> environment;

    public PlanCommand() {
        this(System::getenv);
    }

    /** Credentials named by --git-token-env and --git-password-env are looked up in this environment. */
    public PlanCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SecretScrubber scrubber = new SecretScrubber();
        String outputFormat = format.toLowerCase(Locale.ROOT);
        if (!outputFormat.equals("markdown") && !outputFormat.equals("json")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be markdown or json, not " + format);
        }
        String mode = clusterMode();
        if (timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
        }
        KubernetesClient client = null;
        try {
            GitCredentials credentials = new GitCredentials(gitUsername, gitTokenFile, gitTokenEnv, gitPasswordFile,
                    gitPasswordEnv, sshKeyFile, knownHostsFile);
            ClusterSettings settings = settings();
            client = connect(mode, settings.namespace());
            Plan plan = Planner.plan(new Planner.Request(repo, base, head, path, settings, credentials, environment,
                    Duration.ofSeconds(timeoutSeconds), client));
            out.print(outputFormat.equals("json") ? JsonReport.render(plan) : MarkdownReport.render(plan));
            out.flush();
            for (var finding : plan.findings()) {
                err.println(finding.toText());
            }
            err.flush();
            return plan.headInvalid() ? INVALID_OR_ERROR : plan.hasChanges() ? CHANGES : NO_CHANGES;
        } catch (PlanException | RuntimeException e) {
            err.println("error: " + scrubber.scrub(e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            return INVALID_OR_ERROR;
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }

    private String clusterMode() {
        if (cluster == null) {
            return kubeconfig == null ? null : "kubeconfig";
        }
        String mode = cluster.toLowerCase(Locale.ROOT);
        if (!mode.equals("embedded") && !mode.equals("kubeconfig") && !mode.equals("in-cluster")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--cluster must be embedded, kubeconfig or in-cluster, not " + cluster);
        }
        if (kubeconfig != null && !mode.equals("kubeconfig")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--kubeconfig cannot be combined with --cluster " + mode);
        }
        return mode;
    }

    private ClusterSettings settings() throws PlanException {
        if (clusterConfig == null) {
            return ClusterSettings.defaults();
        }
        try {
            return ClusterSettings.load(clusterConfig);
        } catch (RuntimeException e) {
            throw new PlanException("cluster settings " + clusterConfig + ": " + e.getMessage());
        }
    }

    private KubernetesClient connect(String mode, String namespace) throws PlanException {
        if (mode == null) {
            return null;
        }
        return switch (mode) {
            case "embedded" -> {
                Path file = stateDir.resolve(EMBEDDED_KUBECONFIG);
                if (!Files.isRegularFile(file)) {
                    throw new PlanException("no embedded cluster kubeconfig at " + file + ": start `modeldeploy run` "
                            + "with the embedded cluster (state dir " + stateDir + ") or pass --state-dir");
                }
                yield ClusterConnection.fromKubeconfig(file, namespace);
            }
            case "in-cluster" -> ClusterConnection.inCluster(namespace);
            default -> kubeconfig != null ? ClusterConnection.fromKubeconfig(kubeconfig, namespace)
                    : ClusterConnection.fromDefaultKubeconfig(namespace);
        };
    }
}
