package dev.modeldeploy.feedback.spool;

/**
 * @param limitBytes   total bytes the spool may hold (on disk and queued) before appends are refused
 * @param segmentBytes a segment is closed once it grows past this size, so exports work on bounded files
 * @param groupBytes   most bytes one group commit writes before it forces them to disk
 */
public record SpoolSettings(long limitBytes, long segmentBytes, int groupBytes) {
    public static final long DEFAULT_LIMIT_BYTES = 1024L * 1024 * 1024;

    public SpoolSettings {
        if (limitBytes <= 0 || segmentBytes <= 0 || groupBytes <= 0) {
            throw new IllegalArgumentException("spool sizes must be positive");
        }
    }

    public static SpoolSettings defaults() {
        return new SpoolSettings(DEFAULT_LIMIT_BYTES, 16L * 1024 * 1024, 4 * 1024 * 1024);
    }

    public SpoolSettings withLimitBytes(long limit) {
        return new SpoolSettings(limit, segmentBytes, groupBytes);
    }

    public SpoolSettings withSegmentBytes(long segment) {
        return new SpoolSettings(limitBytes, segment, groupBytes);
    }
}
