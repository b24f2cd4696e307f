package dev.modeldeploy.feedback.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    private Spool open() throws IOException {
        return Spool.open(dir, SpoolSettings.defaults(), Clock.systemUTC());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<SealedSegment> segments) throws IOException {
        List<String> all = new ArrayList<>();
        for (SealedSegment segment : segments) {
            for (SpoolRecord record : SegmentFrames.read(segment.path()).records()) {
                all.add(new String(record.payload(), StandardCharsets.UTF_8));
            }
        }
        return all;
    }

    @Test
    void concurrentAppendsAreAllDurableAndReadBackInOrderOfWriting() throws Exception {
        List<String> expected = new ArrayList<>();
        try (Spool spool = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<CompletableFuture<Void>>> futures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String text = "record-" + i;
                expected.add(text);
                futures.add(pool.submit(() -> spool.append(bytes(text))));
            }
            for (Future<CompletableFuture<Void>> f : futures) {
                f.get().get();
            }
            pool.shutdown();
            assertThat(texts(spool.seal())).containsExactlyInAnyOrderElementsOf(expected);
        }
        try (Spool reopened = open()) {
            assertThat(texts(reopened.seal())).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void tornTailIsCutOnRecoveryAndNeverMisread() throws Exception {
        Path segment;
        try (Spool spool = open()) {
            spool.append(bytes("first")).get();
            spool.append(bytes("second")).get();
            segment = spool.seal().get(0).path();
        }
        long intact = Files.size(segment);
        // A crash mid-write: a header promising 100 bytes followed by only a few, as after kill -9 during a write.
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.allocate(12).putInt(100).putInt(12345).putInt(7).flip());
            channel.write(ByteBuffer.wrap(bytes("par")));
        }
        try (Spool spool = open()) {
            assertThat(Files.size(segment)).isEqualTo(intact);
            spool.append(bytes("third")).get();
            assertThat(texts(spool.seal())).containsExactly("first", "second", "third");
        }
    }

    @Test
    void recordWithBadChecksumEndsTheValidPart() throws Exception {
        Path segment;
        try (Spool spool = open()) {
            spool.append(bytes("kept")).get();
            spool.append(bytes("damaged")).get();
            segment = spool.seal().get(0).path();
        }
        byte[] content = Files.readAllBytes(segment);
        content[content.length - 1] ^= 0x40; // flip a bit in the last payload
        Files.write(segment, content);
        SegmentFrames.Contents read = SegmentFrames.read(segment);
        assertThat(read.records()).hasSize(1);
        assertThat(read.hasInvalidTail()).isTrue();
        try (Spool spool = open()) {
            assertThat(texts(spool.seal())).containsExactly("kept");
        }
    }

    @Test
    void zeroFilledTailIsNotARecord() throws Exception {
        Path segment;
        try (Spool spool = open()) {
            spool.append(bytes("only")).get();
            segment = spool.seal().get(0).path();
        }
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.allocate(4096));
        }
        assertThat(SegmentFrames.read(segment).records()).hasSize(1);
    }

    @Test
    void fullSpoolRefusesInsteadOfDropping() throws Exception {
        try (Spool spool = Spool.open(dir, SpoolSettings.defaults().withLimitBytes(100), Clock.systemUTC())) {
            spool.append(new byte[50]).get();
            assertThatThrownBy(() -> spool.append(new byte[50])).isInstanceOf(SpoolFullException.class)
                    .hasMessageContaining("retry later");
            spool.delete(spool.seal().stream().map(SealedSegment::name).toList());
            assertThat(spool.usedBytes()).isZero();
            spool.append(new byte[50]).get();
        }
    }

    @Test
    void secondProcessOnTheSameStateDirIsRefused() throws Exception {
        try (Spool spool = open()) {
            assertThatThrownBy(this::open).isInstanceOf(StateDirInUseException.class).hasMessageContaining(dir.toString());
        }
    }

    @Test
    void segmentNamesAreNeverReusedAfterDeletion() throws Exception {
        String firstName;
        try (Spool spool = open()) {
            spool.append(bytes("a")).get();
            List<SealedSegment> sealed = spool.seal();
            firstName = sealed.get(0).name();
            spool.delete(List.of(firstName));
        }
        try (Spool spool = open()) {
            spool.append(bytes("b")).get();
            assertThat(spool.seal()).extracting(SealedSegment::name).doesNotContain(firstName);
        }
    }

    @Test
    void segmentsRollOverAtTheirSizeLimit() throws Exception {
        try (Spool spool = Spool.open(dir, SpoolSettings.defaults().withSegmentBytes(50), Clock.systemUTC())) {
            for (int i = 0; i < 5; i++) {
                spool.append(new byte[40]).get();
            }
            assertThat(spool.seal()).hasSize(5);
        }
    }
}
