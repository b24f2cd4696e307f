package dev.modeldeploy.feedback.export;

import dev.modeldeploy.feedback.FeedbackMetrics;
import java.util.Properties;
import java.util.UUID;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/** Runs the exporter on a Quartz cron schedule (in memory; the exporter's own state makes missed runs harmless). */
public final class ExportScheduler implements AutoCloseable {
    public static final String DEFAULT_SCHEDULE = "0 * * * * ?";

    private final Scheduler scheduler;

    public ExportScheduler(Exporter exporter, FeedbackMetrics metrics, String cron) throws SchedulerException {
        if (!CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException("export schedule '" + cron
                    + "' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week), e.g. '" + DEFAULT_SCHEDULE + "'");
        }
        Properties properties = new Properties();
        // A unique name keeps this scheduler apart from any other Quartz scheduler in the same JVM.
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "modeldeploy-feedback-export-" + UUID.randomUUID());
        properties.setProperty("org.quartz.threadPool.threadCount", "1");
        properties.setProperty("org.quartz.threadPool.threadNamePrefix", "feedback-export");
        properties.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
        scheduler = new StdSchedulerFactory(properties).getScheduler();
        scheduler.getContext().put(ExportJob.EXPORTER, exporter);
        scheduler.getContext().put(ExportJob.METRICS, metrics);
        JobDetail job = JobBuilder.newJob(ExportJob.class).withIdentity("feedback-export").build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity("feedback-export-schedule")
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).withMisfireHandlingInstructionDoNothing())
                .build();
        scheduler.scheduleJob(job, trigger);
    }

    public void start() throws SchedulerException {
        scheduler.start();
    }

    /** Stops scheduling and waits for a running export to finish. */
    @Override
    public void close() throws SchedulerException {
        scheduler.shutdown(true);
    }
}
