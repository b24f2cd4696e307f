package dev.modeldeploy.feedback.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.modeldeploy.feedback.EntryCodec;
import dev.modeldeploy.feedback.FeedbackConfig;
import dev.modeldeploy.feedback.FeedbackEntry;
import dev.modeldeploy.feedback.FeedbackService;
import dev.modeldeploy.feedback.bucket.Bucket;
import dev.modeldeploy.feedback.bucket.LocalFolderBucket;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportSchedulerTest {
    @TempDir
    Path dir;

    @Test
    void scheduledExportMovesSpooledRecordsToTheBucket() throws Exception {
        FeedbackConfig config = FeedbackConfig.defaults(dir.resolve("state"), "unused").withSchedule("* * * * * ?");
        try (FeedbackService service = FeedbackService.open(config, new SimpleMeterRegistry(), new LocalFolderBucket(dir.resolve("bucket")), Clock.systemUTC());
             Bucket bucket = new LocalFolderBucket(dir.resolve("bucket"))) {
            service.spool().append(EntryCodec.encode(new FeedbackEntry("id-1", "income", "1.1",
                    JsonNodeFactory.instance.objectNode().put("truthful", 1), System.currentTimeMillis()))).get();
            service.startSchedule();
            await().atMost(Duration.ofSeconds(20)).until(() -> !bucket.list().isEmpty());
            assertThat(bucket.list()).hasSize(1).allMatch(k -> k.startsWith("feedback/income/1.1/"));
        }
    }

    @Test
    void invalidCronSaysWhatIsExpected() throws Exception {
        FeedbackConfig config = FeedbackConfig.defaults(dir.resolve("state"), "unused").withSchedule("every minute");
        try (FeedbackService service = FeedbackService.open(config, new SimpleMeterRegistry(), new LocalFolderBucket(dir.resolve("bucket")), Clock.systemUTC())) {
            assertThatThrownBy(service::startSchedule).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'every minute' is not a Quartz cron expression").hasMessageContaining("0 * * * * ?");
        }
    }
}
