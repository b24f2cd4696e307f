package dev.modeldeploy.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.modeldeploy.daemon.Daemon;
import dev.modeldeploy.daemon.DaemonConfig;
import dev.modeldeploy.daemon.RunOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Run the daemon: watch a Git repository, reconcile the cluster, commit status back, serve the API.",
            "With no arguments it runs the embedded default: the example repository, an embedded Kubernetes API "
                    + "(kubeconfig written to STATE_DIR/kubeconfig) and a local bucket folder."})
public final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Daemon configuration file (YAML); flags override it.")
    Path config;

    @Option(names = "--repo", paramLabel = "URL", description = "Git repository: https://, ssh://, git@host:path, file:// or a path. Default: the embedded example repository.")
    String repo;

    @Option(names = "--branch", paramLabel = "NAME", description = "Branch to watch (default main).")
    String branch;

    @Option(names = "--path", paramLabel = "DIR", description = "Folder inside the repository holding the manifests (default: the whole repository).")
    String path;

    @Option(names = "--interval", paramLabel = "DURATION", description = "Poll interval, e.g. 30s or 1m (default 30s; 5s for the embedded default).")
    String interval;

    @Option(names = "--status-branch", paramLabel = "NAME", description = "Branch receiving status commits (default modeldeploy-status).")
    String statusBranch;

    @Option(names = "--status-commits", negatable = true, description = "Commit status back to Git (default true).")
    Boolean statusCommits;

    @Option(names = "--cluster", paramLabel = "MODE", description = "embedded, kubeconfig or in-cluster (default: embedded unless --kubeconfig is given or running in a pod).")
    String cluster;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig of the target cluster.")
    Path kubeconfig;

    @Option(names = "--cluster-config", paramLabel = "FILE", description = "Cluster settings for the renderers (namespace, gateway, JWT, request logging).")
    Path clusterConfig;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default 8080).")
    Integer port;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Local state: Git cache, embedded cluster kubeconfig, feedback spool, local bucket (default ./.modeldeploy).")
    Path stateDir;

    @Option(names = "--feedback", negatable = true, description = "Run the feedback collector and exporter (default true).")
    Boolean feedback;

    @Option(names = "--bucket", paramLabel = "URL", description = "Feedback bucket: s3://bucket/prefix, gs://bucket/prefix or file:///path (default STATE_DIR/bucket).")
    String bucket;

    @Option(names = "--leader-election", negatable = true, description = "Elect a leader on a Lease so only one replica reconciles (default: on against a real cluster).")
    Boolean leaderElection;

    @Option(names = "--server-side", negatable = true, description = "Apply with server-side apply (field manager modeldeploy) instead of three-way merge patches; for real clusters only.")
    Boolean serverSide;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "json", description = "json (default) or text.")
    String logFormat;

    @Override
    public Integer call() throws Exception {
        if (config != null && !Files.isRegularFile(config)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "configuration file not found: " + config);
        }
        if ("json".equals(logFormat)) {
            useJsonLogs();
        } else if (!"text".equals(logFormat)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--log-format must be json or text");
        }
        DaemonConfig file = config == null ? DaemonConfig.empty() : DaemonConfig.load(config);
        RunOptions options = RunOptions.resolve(file, new RunOptions.Flags(stateDir, port, repo, branch, path, interval,
                statusBranch, statusCommits, cluster, kubeconfig, clusterConfig, feedback, bucket, leaderElection, serverSide));
        Daemon daemon = Daemon.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "modeldeploy-shutdown"));
        stopped.await();
        return 0;
    }

    private static void useJsonLogs() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(RunCommand.class.getResource("/logback-daemon.xml"));
        // The embedded API server logs through java.util.logging; route it here so every line is JSON.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
