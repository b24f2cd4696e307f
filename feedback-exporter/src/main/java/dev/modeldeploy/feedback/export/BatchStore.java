package dev.modeldeploy.feedback.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modeldeploy.feedback.EntryCodec;
import dev.modeldeploy.feedback.InferenceEvent;
import dev.modeldeploy.feedback.SpoolEntry;
import dev.modeldeploy.feedback.spool.FileSync;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The exporter's files in {@code <state-dir>/export}: {@code state.json} names the last finished batch; each
 * {@code batch-N/} holds a plan, its object contents and the inference events still waiting for their other half.
 * A batch folder is built under a temporary name and renamed, so it either exists whole or not at all.
 */
final class BatchStore {
    private static final Pattern BATCH_DIR = Pattern.compile("batch-(\\d+)");
    private static final String PLAN = "plan.json";
    private static final String PENDING = "pending.jsonl";
    private static final String STATE = "state.json";

    private final Path dir;
    private final ObjectMapper mapper = EntryCodec.mapper();

    BatchStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    /**
     * @param lastDoneBatch          the newest batch whose objects are all in the bucket
     * @param exportedThroughSegment every spool segment numbered up to this one is in the bucket (batches take
     *                               segments oldest first), so one found again after a crash is deleted unread
     */
    record State(long lastDoneBatch, long exportedThroughSegment) {
    }

    State state() throws IOException {
        Path state = dir.resolve(STATE);
        if (!Files.exists(state)) {
            return new State(0, 0);
        }
        JsonNode node = mapper.readTree(state.toFile());
        return new State(node.path("lastDoneBatch").asLong(0), node.path("exportedThroughSegment").asLong(0));
    }

    void markDone(State state) throws IOException {
        ObjectNode node = mapper.createObjectNode()
                .put("lastDoneBatch", state.lastDoneBatch())
                .put("exportedThroughSegment", state.exportedThroughSegment());
        FileSync.writeAtomically(dir.resolve(STATE), mapper.writeValueAsBytes(node));
    }

    /**
     * Notes that one object of a batch is uploaded, so a resumed batch skips it. Not forced to disk: losing the
     * note only means uploading the same bytes to the same key again.
     */
    void markUploaded(long batch, BatchPlan.PlannedObject object) throws IOException {
        Path marker = batchDir(batch).resolve(object.file() + ".uploaded");
        if (!Files.exists(marker)) {
            Files.createFile(marker);
        }
    }

    boolean isUploaded(long batch, BatchPlan.PlannedObject object) {
        return Files.exists(batchDir(batch).resolve(object.file() + ".uploaded"));
    }

    Optional<BatchPlan> readPlan(long batch) throws IOException {
        Path plan = batchDir(batch).resolve(PLAN);
        if (!Files.exists(plan)) {
            return Optional.empty();
        }
        return Optional.of(mapper.readValue(plan.toFile(), BatchPlan.class));
    }

    byte[] readObject(long batch, BatchPlan.PlannedObject object) throws IOException {
        return Files.readAllBytes(batchDir(batch).resolve(object.file()));
    }

    List<InferenceEvent> readPending(long batch) throws IOException {
        Path file = batchDir(batch).resolve(PENDING);
        List<InferenceEvent> events = new ArrayList<>();
        if (batch == 0 || !Files.exists(file)) {
            return events;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                SpoolEntry entry = EntryCodec.decode(line.getBytes(StandardCharsets.UTF_8));
                events.add((InferenceEvent) entry);
            }
        }
        return events;
    }

    /** Stores a complete batch folder: object files and pending events first, the plan last, then the rename. */
    void write(BatchPlan plan, List<byte[]> contents, List<InferenceEvent> pending) throws IOException {
        Path tmp = dir.resolve("batch-" + plan.batch() + ".tmp");
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        for (int i = 0; i < plan.objects().size(); i++) {
            writeForced(tmp.resolve(plan.objects().get(i).file()), contents.get(i));
        }
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (InferenceEvent event : pending) {
            lines.writeBytes(EntryCodec.encode(event));
            lines.write('\n');
        }
        writeForced(tmp.resolve(PENDING), lines.toByteArray());
        writeForced(tmp.resolve(PLAN), mapper.writeValueAsBytes(plan));
        FileSync.forceDirectory(tmp);
        Path target = batchDir(plan.batch());
        deleteRecursively(target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        FileSync.forceDirectory(dir);
    }

    /** Removes unfinished temporary folders and every batch folder older than {@code keep}. */
    void cleanUp(long keep) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                Matcher m = BATCH_DIR.matcher(name);
                if (name.endsWith(".tmp") || (m.matches() && Long.parseLong(m.group(1)) < keep)) {
                    deleteRecursively(entry);
                }
            }
        }
    }

    Path rejectedDir() throws IOException {
        return Files.createDirectories(dir.resolve("rejected"));
    }

    private Path batchDir(long batch) {
        return dir.resolve("batch-" + batch);
    }

    private static void writeForced(Path file, byte[] content) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            var buffer = java.nio.ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
