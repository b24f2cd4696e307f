package dev.modeldeploy.feedback.export;

import dev.modeldeploy.feedback.FeedbackMetrics;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scheduled export; a run that fails leaves its plan for the next run, so the job only logs. */
@DisallowConcurrentExecution
public final class ExportJob implements Job {
    static final String EXPORTER = "feedback.exporter";
    static final String METRICS = "feedback.metrics";
    private static final Logger log = LoggerFactory.getLogger(ExportJob.class);

    @Override
    public void execute(JobExecutionContext context) {
        Exporter exporter;
        FeedbackMetrics metrics;
        try {
            exporter = (Exporter) context.getScheduler().getContext().get(EXPORTER);
            metrics = (FeedbackMetrics) context.getScheduler().getContext().get(METRICS);
        } catch (SchedulerException e) {
            log.error("feedback export job has no exporter: {}", e.toString());
            return;
        }
        try {
            exporter.runOnce();
        } catch (ExportFailedException e) {
            log.error("feedback export failed; the next scheduled run resumes it: {}", e.getMessage());
        } catch (Exception e) {
            metrics.exportFailure();
            log.error("feedback export failed; the next scheduled run resumes it", e);
        }
    }
}
