package dev.modeldeploy.feedback.export;

import dev.modeldeploy.feedback.EntryCodec;
import dev.modeldeploy.feedback.FeedbackEntry;
import dev.modeldeploy.feedback.FeedbackMetrics;
import dev.modeldeploy.feedback.InferenceEvent;
import dev.modeldeploy.feedback.RecordKind;
import dev.modeldeploy.feedback.SpoolEntry;
import dev.modeldeploy.feedback.bucket.Bucket;
import dev.modeldeploy.feedback.spool.FileSync;
import dev.modeldeploy.feedback.spool.SealedSegment;
import dev.modeldeploy.feedback.spool.SegmentFrames;
import dev.modeldeploy.feedback.spool.Spool;
import dev.modeldeploy.feedback.spool.SpoolRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves spooled records to the bucket exactly once.
 *
 * <p>Each batch goes through: seal spool segments, write a plan (object keys and contents, named from the batch
 * number kept in the state folder) durably, upload every object, record the batch as done, delete its segments.
 * A run that stops anywhere is finished by the next one: a plan that exists is uploaded again with the same keys
 * and bytes (an overwrite, never a second object), and segments of a finished batch are never read again because
 * they are deleted by name before new batches are planned.
 */
public final class Exporter {
    private static final Logger log = LoggerFactory.getLogger(Exporter.class);

    private final Spool spool;
    private final Bucket bucket;
    private final BatchStore store;
    private final ExportSettings settings;
    private final FeedbackMetrics metrics;
    private final Clock clock;
    private volatile long oldestPendingMillis = Long.MAX_VALUE;

    public Exporter(Spool spool, Bucket bucket, Path exportDir, ExportSettings settings, FeedbackMetrics metrics, Clock clock) throws IOException {
        this.spool = spool;
        this.bucket = bucket;
        this.store = new BatchStore(exportDir);
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        rememberOldestPending(store.readPending(store.state().lastDoneBatch()));
    }

    /** Finishes any interrupted batch, then exports everything spooled so far. */
    public synchronized ExportReport runOnce() throws IOException {
        Map<RecordKind, Long> exported = new EnumMap<>(RecordKind.class);
        int batches = 0;
        int objects = 0;
        BatchStore.State state = store.state();
        finishCleanup(state.lastDoneBatch());
        var interrupted = store.readPlan(state.lastDoneBatch() + 1);
        if (interrupted.isPresent()) {
            log.info("resuming export batch {} that an earlier run did not finish", interrupted.get().batch());
            objects += execute(interrupted.get(), exported);
            batches++;
            state = store.state();
        }
        long lastDone = state.lastDoneBatch();
        long exportedThrough = state.exportedThroughSegment();
        List<SealedSegment> sealed = new ArrayList<>();
        List<String> alreadyExported = new ArrayList<>();
        for (SealedSegment segment : spool.seal()) {
            if (segment.sequence() <= exportedThrough) {
                alreadyExported.add(segment.name());
            } else {
                sealed.add(segment);
            }
        }
        if (!alreadyExported.isEmpty()) {
            log.warn("deleting spool segments {} that were exported before a crash", alreadyExported);
            spool.delete(alreadyExported);
        }
        int next = 0;
        while (true) {
            List<SealedSegment> take = new ArrayList<>();
            long bytes = 0;
            while (next < sealed.size() && (take.isEmpty() || bytes + sealed.get(next).sizeBytes() <= settings.maxBatchBytes())) {
                bytes += sealed.get(next).sizeBytes();
                take.add(sealed.get(next++));
            }
            List<InferenceEvent> carried = store.readPending(lastDone);
            long cutoff = clock.millis() - settings.pairingWindow().toMillis();
            boolean expiring = carried.stream().anyMatch(e -> e.receivedAtMillis() < cutoff);
            if (take.isEmpty() && !expiring) {
                break;
            }
            BatchPlan plan = plan(lastDone + 1, take, exportedThrough, carried, cutoff);
            objects += execute(plan, exported);
            batches++;
            lastDone = plan.batch();
            exportedThrough = plan.lastSegment();
        }
        if (batches > 0) {
            log.info("exported {} records in {} objects ({} batches) to {}", exported.values().stream().mapToLong(Long::longValue).sum(),
                    objects, batches, bucket.describe());
        }
        return new ExportReport(batches, objects, exported);
    }

    /** Receipt time of the oldest record not yet in the bucket, including events waiting for their other half. */
    public OptionalLong oldestUnexportedMillis() {
        long oldest = Math.min(spool.oldestRecordMillis().orElse(Long.MAX_VALUE), oldestPendingMillis);
        return oldest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(oldest);
    }

    public double exportLagSeconds() {
        OptionalLong oldest = oldestUnexportedMillis();
        return oldest.isEmpty() ? 0 : Math.max(0, clock.millis() - oldest.getAsLong()) / 1000.0;
    }

    public Bucket bucket() {
        return bucket;
    }

    private BatchPlan plan(long batch, List<SealedSegment> segments, long exportedThrough, List<InferenceEvent> carried, long cutoff)
            throws IOException {
        List<OutputRecord> out = new ArrayList<>();
        Pairing pairing = new Pairing(carried);
        for (SealedSegment segment : segments) {
            SegmentFrames.Contents contents = SegmentFrames.read(segment.path());
            if (contents.hasInvalidTail()) {
                log.error("spool segment {} is damaged after {} valid records ({} of {} bytes readable); exporting what is readable",
                        segment.name(), contents.records().size(), contents.validBytes(), contents.fileBytes());
            }
            int index = 0;
            for (SpoolRecord record : contents.records()) {
                SpoolEntry entry;
                try {
                    entry = EntryCodec.decode(record.payload());
                } catch (IOException e) {
                    Path kept = store.rejectedDir().resolve(segment.name() + "-" + index + ".json");
                    FileSync.writeAtomically(kept, record.payload());
                    log.error("spool record {} of {} is not a known entry ({}); kept it in {}", index, segment.name(), e.getMessage(), kept);
                    index++;
                    continue;
                }
                index++;
                if (entry instanceof FeedbackEntry feedback) {
                    out.add(OdahuRecords.feedback(feedback));
                } else if (entry instanceof InferenceEvent event) {
                    pairing.add(event, out);
                }
            }
        }
        List<InferenceEvent> waiting = pairing.expire(cutoff, out);

        Map<String, List<OutputRecord>> byKey = new LinkedHashMap<>();
        for (OutputRecord record : out) {
            byKey.computeIfAbsent(ObjectKeys.key(record, settings.instance(), batch), k -> new ArrayList<>()).add(record);
        }
        List<BatchPlan.PlannedObject> objects = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (Map.Entry<String, List<OutputRecord>> e : byKey.entrySet()) {
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            Map<String, Long> counts = new LinkedHashMap<>();
            for (OutputRecord record : e.getValue()) {
                lines.writeBytes(EntryCodec.mapper().writeValueAsBytes(record.json()));
                lines.write('\n');
                counts.merge(record.kind().pathName(), 1L, Long::sum);
            }
            objects.add(new BatchPlan.PlannedObject(e.getKey(), "object-" + objects.size() + ".jsonl", counts));
            contents.add(lines.toByteArray());
        }
        long lastSegment = segments.stream().mapToLong(SealedSegment::sequence).max().orElse(exportedThrough);
        BatchPlan plan = new BatchPlan(batch, clock.millis(), segments.stream().map(SealedSegment::name).toList(), lastSegment, objects);
        store.write(plan, contents, waiting);
        return plan;
    }

    private int execute(BatchPlan plan, Map<RecordKind, Long> exported) throws IOException {
        for (BatchPlan.PlannedObject object : plan.objects()) {
            if (!store.isUploaded(plan.batch(), object)) {
                upload(object.key(), store.readObject(plan.batch(), object));
                store.markUploaded(plan.batch(), object);
            }
        }
        store.markDone(new BatchStore.State(plan.batch(), plan.lastSegment()));
        for (BatchPlan.PlannedObject object : plan.objects()) {
            object.counts().forEach((kind, count) -> {
                RecordKind recordKind = RecordKind.fromPathName(kind);
                exported.merge(recordKind, count, Long::sum);
                metrics.exported(recordKind, count);
            });
        }
        rememberOldestPending(store.readPending(plan.batch()));
        finishCleanup(plan.batch());
        return plan.objects().size();
    }

    /** Deletes what a finished batch no longer needs: its spool segments and older batch folders. */
    private void finishCleanup(long lastDone) throws IOException {
        if (lastDone == 0) {
            store.cleanUp(0);
            return;
        }
        var plan = store.readPlan(lastDone);
        if (plan.isPresent()) {
            spool.delete(plan.get().segments());
        }
        store.cleanUp(lastDone);
    }

    private void upload(String key, byte[] content) throws ExportFailedException {
        Duration delay = settings.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                bucket.put(key, content);
                return;
            } catch (IOException | RuntimeException e) {
                metrics.exportFailure();
                if (attempt >= settings.maxAttempts()) {
                    throw new ExportFailedException("upload of " + key + " to " + bucket.describe() + " failed " + attempt
                            + " times, last: " + e.getMessage() + "; the next export run retries it", e);
                }
                log.warn("upload of {} to {} failed (attempt {} of {}), retrying in {} ms: {}", key, bucket.describe(), attempt,
                        settings.maxAttempts(), delay.toMillis(), e.getMessage());
                sleep(delay);
                delay = delay.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : delay.multipliedBy(2);
            }
        }
    }

    private void rememberOldestPending(List<InferenceEvent> pending) {
        oldestPendingMillis = pending.stream().mapToLong(InferenceEvent::receivedAtMillis).min().orElse(Long.MAX_VALUE);
    }

    private static void sleep(Duration delay) throws ExportFailedException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportFailedException("export interrupted while waiting to retry", e);
        }
    }
}
