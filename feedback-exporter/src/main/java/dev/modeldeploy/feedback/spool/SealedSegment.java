package dev.modeldeploy.feedback.spool;

import java.nio.file.Path;

/** A segment that receives no more appends and can be exported and then deleted. */
public record SealedSegment(long sequence, Path path, long sizeBytes) {
    public String name() {
        return path.getFileName().toString();
    }
}
