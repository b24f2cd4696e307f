package dev.modeldeploy.feedback.spool;

/** The spool holds as many bytes as it may; the caller should ask its client to retry later instead of dropping data. */
public final class SpoolFullException extends RuntimeException {
    public SpoolFullException(long usedBytes, long limitBytes) {
        super("feedback spool is full (" + usedBytes + " of " + limitBytes + " bytes used); records are exported to the bucket on schedule, retry later");
    }
}
