package dev.modeldeploy.feedback.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The on-disk framing of a segment: every record is {@code [int length][int crc32][long appendedAtMillis][payload]},
 * the CRC covering timestamp and payload. A torn or zero-filled tail fails the length or CRC check, so a reader
 * stops there instead of misreading it.
 */
public final class SegmentFrames {
    static final int HEADER_BYTES = 16;
    /** Larger lengths can only come from garbage; no single record is allowed near this size. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

    private SegmentFrames() {
    }

    public static int frameSize(int payloadLength) {
        return HEADER_BYTES + payloadLength;
    }

    static void encode(ByteBuffer target, long appendedAtMillis, byte[] payload) {
        CRC32 crc = new CRC32();
        ByteBuffer timestamp = ByteBuffer.allocate(Long.BYTES).putLong(0, appendedAtMillis);
        crc.update(timestamp.array());
        crc.update(payload);
        target.putInt(payload.length);
        target.putInt((int) crc.getValue());
        target.putLong(appendedAtMillis);
        target.put(payload);
    }

    /** What a segment holds up to the first frame that is incomplete or fails its check. */
    public record Contents(List<SpoolRecord> records, long validBytes, long fileBytes) {
        public boolean hasInvalidTail() {
            return validBytes < fileBytes;
        }
    }

    public static Contents read(Path segment) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(size));
            while (all.hasRemaining() && channel.read(all) >= 0) {
                // read until full or end of file
            }
            all.flip();
            List<SpoolRecord> records = new ArrayList<>();
            long valid = 0;
            while (all.remaining() >= HEADER_BYTES) {
                int start = all.position();
                int length = all.getInt();
                int storedCrc = all.getInt();
                long appendedAt = all.getLong();
                if (length <= 0 || length > MAX_PAYLOAD_BYTES || length > all.remaining()) {
                    break;
                }
                byte[] payload = new byte[length];
                all.get(payload);
                CRC32 crc = new CRC32();
                crc.update(all.duplicate().position(start + 8).limit(start + HEADER_BYTES));
                crc.update(payload);
                if ((int) crc.getValue() != storedCrc) {
                    break;
                }
                records.add(new SpoolRecord(appendedAt, payload));
                valid = all.position();
            }
            return new Contents(records, valid, size);
        }
    }
}
