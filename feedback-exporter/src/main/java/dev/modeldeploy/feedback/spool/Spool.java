package dev.modeldeploy.feedback.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only local spool in which a record counts as received only once it is forced to disk.
 *
 * <p>One writer thread drains a queue of appends, writes them in one go and forces the file once, so concurrent
 * callers share a single fsync (group commit); each caller waits on its own future. Segments are never reused by
 * name (a persisted counter numbers them), because the exporter deletes segments by name after a crash too.
 */
public final class Spool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final Pattern SEGMENT_NAME = Pattern.compile("segment-(\\d{20})\\.log");
    private static final String COUNTER_FILE = "next-segment";

    private final Path dir;
    private final SpoolSettings settings;
    private final Clock clock;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final BlockingQueue<Operation> queue = new LinkedBlockingQueue<>();
    private final ConcurrentSkipListMap<Long, SegmentInfo> segments = new ConcurrentSkipListMap<>();
    private final AtomicLong usedBytes = new AtomicLong();
    private final AtomicLong forces = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    // Owned by the writer thread.
    private long nextSequence;
    private FileChannel active;
    private volatile long activeSequence = -1;
    private long activeSize;

    private record SegmentInfo(Path path, long sizeBytes, long firstAppendMillis) {
        SegmentInfo grownBy(long bytes) {
            return new SegmentInfo(path, sizeBytes + bytes, firstAppendMillis);
        }
    }

    private sealed interface Operation permits Append, Rollover, Stop {
    }

    private record Append(byte[] payload, long appendedAtMillis, CompletableFuture<Void> done) implements Operation {
    }

    private record Rollover(CompletableFuture<List<SealedSegment>> done) implements Operation {
    }

    private record Stop() implements Operation {
    }

    private Spool(Path dir, SpoolSettings settings, Clock clock, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.settings = settings;
        this.clock = clock;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.writer = new Thread(this::writeLoop, "feedback-spool-writer");
        this.writer.setDaemon(true);
    }

    /** Opens (and recovers) the spool in {@code dir}, cutting any torn tail a crash left behind. */
    public static Spool open(Path dir, SpoolSettings settings, Clock clock) throws IOException {
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new StateDirInUseException(dir);
        }
        Spool spool = new Spool(dir, settings, clock, lockChannel, lock);
        try {
            spool.recover();
        } catch (IOException | RuntimeException e) {
            spool.releaseLock();
            throw e;
        }
        spool.writer.start();
        return spool;
    }

    private void recover() throws IOException {
        long highest = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                Matcher m = SEGMENT_NAME.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long sequence = Long.parseLong(m.group(1));
                highest = Math.max(highest, sequence);
                SegmentFrames.Contents contents = SegmentFrames.read(file);
                if (contents.hasInvalidTail()) {
                    log.warn("spool segment {}: cutting {} bytes of torn or corrupt tail after {} valid records",
                            file, contents.fileBytes() - contents.validBytes(), contents.records().size());
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.truncate(contents.validBytes());
                        channel.force(true);
                    }
                }
                if (contents.records().isEmpty()) {
                    Files.delete(file);
                    continue;
                }
                segments.put(sequence, new SegmentInfo(file, contents.validBytes(), contents.records().get(0).appendedAtMillis()));
                usedBytes.addAndGet(contents.validBytes());
            }
        }
        Path counter = dir.resolve(COUNTER_FILE);
        long persisted = Files.exists(counter) ? Long.parseLong(Files.readString(counter).trim()) : 1;
        nextSequence = Math.max(persisted, highest + 1);
        forceDirectory();
    }

    /**
     * Queues a record; the future completes once it is on disk (or fails with the write error).
     *
     * @throws SpoolFullException when the spool would grow past its limit
     */
    public CompletableFuture<Void> append(byte[] payload) {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("feedback spool is closed"));
        }
        long frame = SegmentFrames.frameSize(payload.length);
        long after = usedBytes.addAndGet(frame);
        if (after > settings.limitBytes()) {
            usedBytes.addAndGet(-frame);
            throw new SpoolFullException(after - frame, settings.limitBytes());
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Append(payload, clock.millis(), done));
        return done;
    }

    /** Closes the segment being appended to (if it holds anything) and lists every sealed segment, oldest first. */
    public List<SealedSegment> seal() throws IOException {
        if (closed) {
            throw new IOException("feedback spool is closed");
        }
        CompletableFuture<List<SealedSegment>> done = new CompletableFuture<>();
        queue.add(new Rollover(done));
        try {
            return done.get();
        } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sealing the spool", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("could not seal the spool segment: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Runs on the writer thread right after the active segment was closed, so every listed segment is final. */
    private List<SealedSegment> listSealed() {
        List<SealedSegment> result = new ArrayList<>();
        for (Map.Entry<Long, SegmentInfo> e : segments.entrySet()) {
            result.add(new SealedSegment(e.getKey(), e.getValue().path(), e.getValue().sizeBytes()));
        }
        return result;
    }

    /** Deletes sealed segments (by file name) once their records are safely elsewhere; unknown names are ignored. */
    public void delete(Collection<String> segmentNames) throws IOException {
        boolean any = false;
        for (String name : segmentNames) {
            Matcher m = SEGMENT_NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a spool segment name: " + name);
            }
            long sequence = Long.parseLong(m.group(1));
            if (sequence == activeSequence) {
                throw new IllegalStateException("segment " + name + " is still being written");
            }
            SegmentInfo info = segments.remove(sequence);
            if (Files.deleteIfExists(dir.resolve(name))) {
                any = true;
            }
            if (info != null) {
                usedBytes.addAndGet(-info.sizeBytes());
            }
        }
        if (any) {
            forceDirectory();
        }
    }

    /** Bytes held on disk plus bytes queued for writing. */
    public long usedBytes() {
        return usedBytes.get();
    }

    /** When the oldest record still in the spool was appended, or empty if the spool holds none. */
    public java.util.OptionalLong oldestRecordMillis() {
        Map.Entry<Long, SegmentInfo> first = segments.firstEntry();
        return first == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(first.getValue().firstAppendMillis());
    }

    /** How many group commits (one fsync each) the spool has done; records / forces is the group size. */
    public long forces() {
        return forces.get();
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(new Stop());
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        releaseLock();
    }

    private void releaseLock() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }

    private void writeLoop() {
        List<Operation> drained = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(settings.groupBytes());
        boolean running = true;
        while (running) {
            try {
                drained.clear();
                drained.add(queue.take());
                // Lets request threads that are about to append run first, so they join this group instead of
                // waiting a whole fsync for the next one; it returns at once when nothing else is runnable.
                Thread.yield();
                queue.drainTo(drained);
            } catch (InterruptedException e) {
                running = false;
                continue;
            }
            List<Append> group = new ArrayList<>();
            int groupBytes = 0;
            for (Operation op : drained) {
                if (op instanceof Append append) {
                    int frame = SegmentFrames.frameSize(append.payload().length);
                    if (!group.isEmpty() && groupBytes + frame > settings.groupBytes()) {
                        buffer = commit(group, groupBytes, buffer);
                        group.clear();
                        groupBytes = 0;
                    }
                    group.add(append);
                    groupBytes += frame;
                } else {
                    buffer = commit(group, groupBytes, buffer);
                    group.clear();
                    groupBytes = 0;
                    if (op instanceof Rollover rollover) {
                        try {
                            closeActive();
                            rollover.done().complete(listSealed());
                        } catch (IOException | RuntimeException e) {
                            rollover.done().completeExceptionally(e);
                        }
                    } else {
                        running = false;
                    }
                }
            }
            buffer = commit(group, groupBytes, buffer);
        }
        failQueued();
        try {
            closeActive();
        } catch (IOException e) {
            log.warn("closing the last spool segment failed: {}", e.toString());
        }
    }

    private ByteBuffer commit(List<Append> group, int groupBytes, ByteBuffer buffer) {
        if (group.isEmpty()) {
            return buffer;
        }
        ByteBuffer target = buffer.capacity() >= groupBytes ? buffer : ByteBuffer.allocate(groupBytes);
        target.clear();
        for (Append append : group) {
            SegmentFrames.encode(target, append.appendedAtMillis(), append.payload());
        }
        target.flip();
        long startSize = activeSize;
        try {
            ensureActive(group.get(0).appendedAtMillis());
            startSize = activeSize;
            while (target.hasRemaining()) {
                active.write(target);
            }
            active.force(false);
            forces.incrementAndGet();
            activeSize += groupBytes;
            segments.computeIfPresent(activeSequence, (k, info) -> info.grownBy(groupBytes));
            for (Append append : group) {
                append.done().complete(null);
            }
            if (activeSize >= settings.segmentBytes()) {
                closeActive();
            }
        } catch (IOException | RuntimeException e) {
            log.error("spool write of {} records failed: {}", group.size(), e.toString());
            usedBytes.addAndGet(-groupBytes);
            discardPartialWrite(startSize);
            for (Append append : group) {
                append.done().completeExceptionally(e);
            }
        }
        return buffer;
    }

    /** After a failed write the segment may end in a partial group; cut it so later groups follow valid data. */
    private void discardPartialWrite(long validSize) {
        if (active == null) {
            return;
        }
        try {
            active.truncate(validSize);
            active.position(validSize);
            active.force(true);
        } catch (IOException e) {
            log.error("could not cut the failed write from spool segment {}; starting a new segment: {}", activeSequence, e.toString());
            try {
                closeActive();
            } catch (IOException ignored) {
                // the torn tail is cut on the next recovery
            }
        }
    }

    private void ensureActive(long firstAppendMillis) throws IOException {
        if (active != null) {
            return;
        }
        long sequence = nextSequence;
        writeCounter(sequence + 1);
        nextSequence = sequence + 1;
        Path path = dir.resolve(segmentName(sequence));
        active = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        forceDirectory();
        activeSequence = sequence;
        activeSize = 0;
        segments.put(sequence, new SegmentInfo(path, 0, firstAppendMillis));
    }

    private void closeActive() throws IOException {
        if (active == null) {
            return;
        }
        FileChannel channel = active;
        active = null;
        activeSequence = -1;
        channel.close();
    }

    private void writeCounter(long value) throws IOException {
        FileSync.writeAtomically(dir.resolve(COUNTER_FILE), Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    private void failQueued() {
        Operation op;
        while ((op = queue.poll()) != null) {
            IOException closedError = new IOException("feedback spool is closed");
            if (op instanceof Append append) {
                usedBytes.addAndGet(-SegmentFrames.frameSize(append.payload().length));
                append.done().completeExceptionally(closedError);
            } else if (op instanceof Rollover rollover) {
                rollover.done().completeExceptionally(closedError);
            }
        }
    }

    private void forceDirectory() throws IOException {
        FileSync.forceDirectory(dir);
    }

    static String segmentName(long sequence) {
        return String.format("segment-%020d.log", sequence);
    }
}
