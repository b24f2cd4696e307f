package dev.modeldeploy.daemon;

import static dev.modeldeploy.daemon.DaemonConfig.or;

import dev.modeldeploy.leader.LeaderElection;
import dev.modeldeploy.ownership.InstanceId;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The daemon's settings after the configuration file and the command line are merged and every default is filled
 * in. embeddedRepo is true when no repository was named, so the example repository is served from the state dir.
 */
public record RunOptions(
        InstanceId instance,
        Path stateDir,
        int port,
        String repo,
        boolean embeddedRepo,
        String branch,
        String path,
        Duration interval,
        String statusBranch,
        boolean statusCommits,
        DaemonConfig.GitAuth gitAuth,
        DaemonConfig.Webhook webhook,
        ClusterMode clusterMode,
        Path kubeconfig,
        Path clusterSettingsFile,
        boolean serverSideApply,
        double maxDeleteShare,
        boolean allowEmpty,
        boolean leaderElection,
        String leaseName,
        String leaseNamespace,
        LeaderElection.Timing leaderTiming,
        DaemonConfig.Auth auth,
        boolean feedbackEnabled,
        String feedbackBucket,
        String feedbackSchedule,
        String feedbackInstance,
        DaemonConfig.S3 s3,
        DaemonConfig.Gcs gcs) {

    public enum ClusterMode {
        EMBEDDED, KUBECONFIG, IN_CLUSTER;

        static ClusterMode parse(String text) {
            return switch (text.trim().toLowerCase()) {
                case "embedded" -> EMBEDDED;
                case "kubeconfig" -> KUBECONFIG;
                case "in-cluster", "incluster" -> IN_CLUSTER;
                default -> throw new IllegalArgumentException(
                        "unknown cluster mode '" + text + "': use embedded, kubeconfig or in-cluster");
            };
        }
    }

    /** Command-line values; null means "not given", so the file (then the default) decides. */
    public record Flags(
            Path stateDir, Integer port, String repo, String branch, String path, String interval,
            String statusBranch, Boolean statusCommits, String cluster, Path kubeconfig, Path clusterSettings,
            Boolean feedback, String bucket, Boolean leaderElection, Boolean serverSideApply) {
    }

    /** A repository URL as it identifies the source: user and password (a token) are not part of it. */
    static String withoutCredentials(String url) {
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
    }

    public static RunOptions resolve(DaemonConfig file, Flags flags) {
        DaemonConfig.Server server = or(file.server(), new DaemonConfig.Server(null));
        DaemonConfig.Git git = or(file.git(), new DaemonConfig.Git(null, null, null, null, null, null, null));
        DaemonConfig.Cluster cluster = or(file.cluster(), new DaemonConfig.Cluster(null, null, null, null));
        DaemonConfig.Prune prune = or(file.prune(), new DaemonConfig.Prune(null, null));
        DaemonConfig.LeaderElection leader = or(file.leaderElection(),
                new DaemonConfig.LeaderElection(null, null, null, null, null, null));
        DaemonConfig.Feedback feedback = or(file.feedback(), new DaemonConfig.Feedback(null, null, null, null, null, null));

        Path stateDir = or(flags.stateDir(), Path.of(or(file.stateDir(), ".modeldeploy"))).toAbsolutePath().normalize();
        String repo = or(flags.repo(), git.repo());
        boolean embeddedRepo = repo == null || repo.isBlank();
        Path kubeconfig = or(flags.kubeconfig(), cluster.kubeconfig() == null || cluster.kubeconfig().isBlank()
                ? null : Path.of(cluster.kubeconfig()));
        String modeText = or(flags.cluster(), cluster.mode());
        ClusterMode mode = modeText != null ? ClusterMode.parse(modeText)
                : kubeconfig != null ? ClusterMode.KUBECONFIG
                : System.getenv("KUBERNETES_SERVICE_HOST") != null ? ClusterMode.IN_CLUSTER
                : ClusterMode.EMBEDDED;
        String settings = cluster.settingsFile();
        Path settingsFile = flags.clusterSettings() != null ? flags.clusterSettings()
                : settings == null || settings.isBlank() ? null : Path.of(settings);
        double share = or(prune.maxDeleteShare(), 0.5);
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("prune.maxDeleteShare must be between 0 and 1, got " + share);
        }
        // One replica needs no election; the embedded cluster lives in this process, so nobody else can compete.
        boolean election = or(flags.leaderElection(), or(leader.enabled(), mode != ClusterMode.EMBEDDED));
        String bucket = or(flags.bucket(), feedback.bucket());
        String repoUrl = embeddedRepo ? stateDir.resolve("examples.git").toString() : repo;
        String branch = or(flags.branch(), or(git.branch(), "main"));
        String path = or(flags.path(), or(git.path(), ""));
        LeaderElection.Timing timing = new LeaderElection.Timing(
                DaemonConfig.parseDuration(or(leader.leaseDuration(), "15s")),
                DaemonConfig.parseDuration(or(leader.renewDeadline(), "10s")),
                DaemonConfig.parseDuration(or(leader.retryPeriod(), "2s")));
        return new RunOptions(
                file.instance() == null || file.instance().isBlank()
                        ? InstanceId.derivedFrom(withoutCredentials(repoUrl), branch, path)
                        : new InstanceId(file.instance()),
                stateDir,
                or(flags.port(), or(server.port(), 8080)),
                repoUrl,
                embeddedRepo,
                branch,
                path,
                DaemonConfig.parseDuration(or(flags.interval(), or(git.interval(), embeddedRepo ? "5s" : "30s"))),
                or(flags.statusBranch(), or(git.statusBranch(), "modeldeploy-status")),
                or(flags.statusCommits(), or(git.statusCommits(), true)),
                or(git.auth(), new DaemonConfig.GitAuth(null, null, null, null, null, null, null)),
                or(file.webhook(), new DaemonConfig.Webhook(null, null)),
                mode,
                kubeconfig,
                settingsFile,
                or(flags.serverSideApply(), or(cluster.serverSideApply(), false)),
                share,
                or(prune.allowEmpty(), false),
                election,
                or(leader.leaseName(), "modeldeploy-leader"),
                leader.namespace(),
                timing,
                or(file.auth(), new DaemonConfig.Auth(false, null, null, null, null, null, null, null)),
                or(flags.feedback(), or(feedback.enabled(), true)),
                bucket == null || bucket.isBlank() ? stateDir.resolve("bucket").toUri().toString() : bucket,
                or(feedback.schedule(), "0 * * * * ?"),
                feedback.instance(),
                or(feedback.s3(), new DaemonConfig.S3(null, null, null, null, null)),
                or(feedback.gcs(), new DaemonConfig.Gcs(null)));
    }
}
