package dev.modeldeploy.feedback;

import dev.modeldeploy.feedback.collect.CollectorSettings;
import dev.modeldeploy.feedback.export.ExportScheduler;
import dev.modeldeploy.feedback.export.ExportSettings;
import dev.modeldeploy.feedback.spool.SpoolSettings;
import java.net.InetAddress;
import java.nio.file.Path;

/**
 * Everything the feedback loop needs: where it keeps state, where it exports to, when, and its limits.
 *
 * @param stateDir holds {@code spool/} and {@code export/}; it must survive restarts (a volume), or acknowledged
 *                 records are lost, and it must not be shared by two running processes
 * @param schedule Quartz cron expression for exports
 */
public record FeedbackConfig(Path stateDir, String bucketUrl, String schedule, SpoolSettings spool,
                             CollectorSettings collector, ExportSettings export) {

    public static FeedbackConfig defaults(Path stateDir, String bucketUrl) {
        return new FeedbackConfig(stateDir, bucketUrl, ExportScheduler.DEFAULT_SCHEDULE, SpoolSettings.defaults(),
                CollectorSettings.defaults(), ExportSettings.defaults(defaultInstance()));
    }

    public FeedbackConfig withSchedule(String cron) {
        return new FeedbackConfig(stateDir, bucketUrl, cron, spool, collector, export);
    }

    public FeedbackConfig withSpool(SpoolSettings settings) {
        return new FeedbackConfig(stateDir, bucketUrl, schedule, settings, collector, export);
    }

    public FeedbackConfig withCollector(CollectorSettings settings) {
        return new FeedbackConfig(stateDir, bucketUrl, schedule, spool, settings, export);
    }

    public FeedbackConfig withExport(ExportSettings settings) {
        return new FeedbackConfig(stateDir, bucketUrl, schedule, spool, collector, settings);
    }

    public Path spoolDir() {
        return stateDir.resolve("spool");
    }

    public Path exportDir() {
        return stateDir.resolve("export");
    }

    /** The host name (a pod's name in Kubernetes), reduced to characters safe in object names. */
    public static String defaultInstance() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "collector";
            }
        }
        String safe = host.replaceAll("[^A-Za-z0-9._-]", "-");
        return safe.isEmpty() ? "collector" : safe;
    }
}
