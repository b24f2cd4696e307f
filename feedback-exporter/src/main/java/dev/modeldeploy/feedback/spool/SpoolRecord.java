package dev.modeldeploy.feedback.spool;

/** One record read back from a spool segment: when it was appended and the bytes the caller stored. */
public record SpoolRecord(long appendedAtMillis, byte[] payload) {
}
