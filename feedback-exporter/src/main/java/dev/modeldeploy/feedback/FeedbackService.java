package dev.modeldeploy.feedback;

import dev.modeldeploy.feedback.bucket.Bucket;
import dev.modeldeploy.feedback.bucket.Buckets;
import dev.modeldeploy.feedback.collect.FeedbackRoutes;
import dev.modeldeploy.feedback.collect.RequestCheck;
import dev.modeldeploy.feedback.export.ExportScheduler;
import dev.modeldeploy.feedback.export.Exporter;
import dev.modeldeploy.feedback.spool.Spool;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feedback loop wired together: spool, collector routes, exporter and its schedule. The daemon opens one and
 * mounts {@link #routes(RequestCheck)} on its own server; {@code modeldeploy feedback serve} does the same on a
 * {@link dev.modeldeploy.feedback.collect.FeedbackServer}.
 */
public final class FeedbackService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FeedbackService.class);

    private final FeedbackConfig config;
    private final FeedbackMetrics metrics;
    private final Spool spool;
    private final Bucket bucket;
    private final Exporter exporter;
    private final Clock clock;
    private ExportScheduler scheduler;

    private FeedbackService(FeedbackConfig config, FeedbackMetrics metrics, Spool spool, Bucket bucket, Exporter exporter, Clock clock) {
        this.config = config;
        this.metrics = metrics;
        this.spool = spool;
        this.bucket = bucket;
        this.exporter = exporter;
        this.clock = clock;
    }

    public static FeedbackService open(FeedbackConfig config, MeterRegistry registry) throws IOException {
        return open(config, registry, Buckets.open(config.bucketUrl()), Clock.systemUTC());
    }

    /** Opens the service on a given bucket, which it closes when it is closed. */
    public static FeedbackService open(FeedbackConfig config, MeterRegistry registry, Bucket bucket, Clock clock) throws IOException {
        FeedbackMetrics metrics = new FeedbackMetrics(registry);
        Spool spool;
        try {
            spool = Spool.open(config.spoolDir(), config.spool(), clock);
        } catch (IOException | RuntimeException e) {
            bucket.close();
            throw e;
        }
        try {
            Exporter exporter = new Exporter(spool, bucket, config.exportDir(), config.export(), metrics, clock);
            metrics.bindSpoolBytes(spool::usedBytes);
            metrics.bindExportLag(exporter::exportLagSeconds);
            log.info("feedback collector state in {}, exporting to {} on schedule '{}' as instance {}", config.stateDir(), bucket.describe(),
                    config.schedule(), config.export().instance());
            return new FeedbackService(config, metrics, spool, bucket, exporter, clock);
        } catch (IOException | RuntimeException e) {
            spool.close();
            bucket.close();
            throw e;
        }
    }

    public FeedbackRoutes routes(RequestCheck check) {
        return new FeedbackRoutes(spool, metrics, config.collector(), check, clock);
    }

    public Exporter exporter() {
        return exporter;
    }

    public Spool spool() {
        return spool;
    }

    /** Starts exporting on the configured cron schedule. */
    public synchronized void startSchedule() throws SchedulerException {
        if (scheduler == null) {
            scheduler = new ExportScheduler(exporter, metrics, config.schedule());
            scheduler.start();
        }
    }

    /** Stops the schedule (waiting for a running export), then the spool after it wrote what it had queued. */
    @Override
    public synchronized void close() throws IOException {
        try {
            if (scheduler != null) {
                scheduler.close();
            }
        } catch (SchedulerException e) {
            log.warn("stopping the export schedule failed: {}", e.toString());
        } finally {
            try {
                spool.close();
            } finally {
                bucket.close();
            }
        }
    }
}
