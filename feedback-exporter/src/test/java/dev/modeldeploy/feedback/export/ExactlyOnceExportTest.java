package dev.modeldeploy.feedback.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.modeldeploy.feedback.EntryCodec;
import dev.modeldeploy.feedback.FeedbackConfig;
import dev.modeldeploy.feedback.FeedbackEntry;
import dev.modeldeploy.feedback.FeedbackService;
import dev.modeldeploy.feedback.bucket.Bucket;
import dev.modeldeploy.feedback.bucket.LocalFolderBucket;
import dev.modeldeploy.feedback.testing.BucketContents;
import dev.modeldeploy.feedback.testing.FlakyBucket;
import dev.modeldeploy.feedback.testing.S3ProxyFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An export interrupted anywhere, or a bucket failing, still ends with every record in the bucket exactly once.
 * A crash between two steps leaves exactly the files an exception at that point leaves, because every step's
 * result is forced to disk before the next step starts; so a bucket that throws after k uploads followed by a
 * fresh exporter on the same state folder stands for kill -9 after k uploads.
 */
class ExactlyOnceExportTest {
    private static final Instant START = Instant.parse("2024-03-01T22:30:00Z");
    private static final int RECORDS = 120;
    private static S3ProxyFixture s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new S3ProxyFixture("feedback");
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    /** Small batches and few attempts, so a run crosses several batches and gives up at the first failure. */
    private FeedbackConfig config() {
        return FeedbackConfig.defaults(dir.resolve("state"), "unused")
                .withExport(ExportSettings.defaults("node-a").withMaxBatchBytes(4000).withRetries(1, Duration.ZERO, Duration.ZERO));
    }

    private FeedbackService open(Bucket bucket) throws IOException {
        return FeedbackService.open(config(), new SimpleMeterRegistry(), bucket, Clock.systemUTC());
    }

    /** Records for three models over three hours, so batches have several objects each. */
    private static List<String> spoolRecords(FeedbackService service) throws Exception {
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            String id = "req-" + i;
            ids.add(id);
            long time = START.plus(Duration.ofMinutes(i)).toEpochMilli();
            FeedbackEntry entry = new FeedbackEntry(id, "model-" + (i % 3), "1.0", JsonNodeFactory.instance.objectNode().put("n", i), time);
            writes.add(service.spool().append(EntryCodec.encode(entry)));
            if (i % 20 == 19) {
                // Several segments, so a run plans several batches.
                service.spool().seal();
            }
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get();
        return ids;
    }

    private static void assertExactlyOnce(Bucket bucket, List<String> ids) throws IOException {
        List<String> exported = BucketContents.records(bucket, "feedback").stream().map(r -> r.get("request_id").asText()).toList();
        assertThat(exported).hasSize(ids.size()).containsExactlyInAnyOrderElementsOf(ids);
    }

    private Bucket s3Bucket(String prefix) {
        return s3.bucket("feedback", prefix);
    }

    @ParameterizedTest(name = "killed after {0} uploads")
    @ValueSource(ints = {0, 1, 4, 9})
    void exportStoppedAfterSomeUploadsIsFinishedByTheNextExporter(int uploadsBeforeCrash) throws Exception {
        String prefix = "crash-" + uploadsBeforeCrash;
        List<String> ids;
        FlakyBucket crashing = FlakyBucket.failingAfter(s3Bucket(prefix), uploadsBeforeCrash);
        try (FeedbackService service = open(crashing)) {
            ids = spoolRecords(service);
            assertThatThrownBy(() -> service.exporter().runOnce()).isInstanceOf(ExportFailedException.class)
                    .hasMessageContaining("the next export run retries it");
        }
        assertThat(crashing.succeeded()).isEqualTo(uploadsBeforeCrash);
        try (FeedbackService restarted = open(s3Bucket(prefix)); Bucket bucket = s3Bucket(prefix)) {
            ExportReport report = restarted.exporter().runOnce();
            assertThat(report.batches()).isGreaterThan(1);
            assertExactlyOnce(bucket, ids);
            assertThat(restarted.spool().usedBytes()).isZero();
            assertThat(restarted.exporter().runOnce().batches()).isZero();
        }
    }

    @Test
    void bucketFailingHalfTheUploadsStillGetsEveryRecordOnce() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FeedbackConfig retrying = config().withExport(config().export().withRetries(3, Duration.ofMillis(1), Duration.ofMillis(4)));
        try (FeedbackService service = FeedbackService.open(retrying, registry, FlakyBucket.failingEveryOther(s3Bucket("flaky")), Clock.systemUTC());
             Bucket bucket = s3Bucket("flaky")) {
            List<String> ids = spoolRecords(service);
            ExportReport report = service.exporter().runOnce();
            assertExactlyOnce(bucket, ids);
            assertThat(report.records().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);
            assertThat(registry.get("modeldeploy.feedback.export.failures").counter().count()).isEqualTo(report.objects());
        }
    }

    @Test
    void runsThatKeepFailingEventuallyExportEverythingOnce() throws Exception {
        try (FeedbackService service = open(FlakyBucket.failingEveryOther(new LocalFolderBucket(dir.resolve("bucket"))));
             Bucket bucket = new LocalFolderBucket(dir.resolve("bucket"))) {
            List<String> ids = spoolRecords(service);
            int failedRuns = 0;
            while (true) {
                try {
                    service.exporter().runOnce();
                    break;
                } catch (ExportFailedException e) {
                    failedRuns++;
                    assertThat(failedRuns).isLessThan(100);
                }
            }
            assertThat(failedRuns).isPositive();
            assertExactlyOnce(bucket, ids);
        }
    }

    @Test
    void crashAfterTheBatchIsDoneButBeforeItsSegmentsAreDeletedExportsNothingTwice() throws Exception {
        Path spoolDir = dir.resolve("state/spool");
        Path saved = dir.resolve("saved-segments");
        List<String> ids;
        try (FeedbackService service = open(new LocalFolderBucket(dir.resolve("bucket")))) {
            ids = spoolRecords(service);
            service.spool().seal();
            copySegments(spoolDir, saved);
            service.exporter().runOnce();
        }
        // Put the segments back, as if the process died right after recording the batch as done.
        copySegments(saved, spoolDir);
        // And a batch folder the crash left half written.
        Files.createDirectories(dir.resolve("state/export/batch-99.tmp"));
        try (FeedbackService restarted = open(new LocalFolderBucket(dir.resolve("bucket")));
             Bucket bucket = new LocalFolderBucket(dir.resolve("bucket"))) {
            restarted.exporter().runOnce();
            assertExactlyOnce(bucket, ids);
            try (Stream<Path> left = Files.list(spoolDir)) {
                assertThat(left.filter(p -> p.getFileName().toString().startsWith("segment-"))).isEmpty();
            }
            assertThat(dir.resolve("state/export/batch-99.tmp")).doesNotExist();
        }
    }

    @Test
    void objectsAreNamedByKindModelVersionAndHourWithTheBatchNumber() throws Exception {
        try (FeedbackService service = open(new LocalFolderBucket(dir.resolve("bucket")));
             Bucket bucket = new LocalFolderBucket(dir.resolve("bucket"))) {
            spoolRecords(service);
            service.exporter().runOnce();
            List<String> keys = bucket.list();
            assertThat(keys).allMatch(k -> k.matches(
                    "feedback/model-[012]/1\\.0/year=2024/month=03/day=0[12]/202403(0122|0123|0200)_node-a-\\d+\\.json"));
            assertThat(keys).contains("feedback/model-0/1.0/year=2024/month=03/day=01/2024030122_node-a-1.json",
                    "feedback/model-2/1.0/year=2024/month=03/day=02/2024030200_node-a-6.json");
            JsonNode first = BucketContents.read(bucket).get("feedback/model-0/1.0/year=2024/month=03/day=01/2024030122_node-a-1.json").get(0);
            assertThat(first.get("time").asText()).isEqualTo("2024-03-01 22:30:00 +0000");
        }
    }

    private static void copySegments(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.getFileName().toString().startsWith("segment-"))::iterator) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
