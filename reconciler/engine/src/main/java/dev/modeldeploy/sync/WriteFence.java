package dev.modeldeploy.sync;

/**
 * Asked before every write: a daemon replica writes only while it holds leadership. A fence that closes in the
 * middle of a cycle abandons the rest of that cycle.
 */
@FunctionalInterface
public interface WriteFence {
    /** For a single writer (the CLI's apply, a daemon without leader election). */
    WriteFence OPEN = () -> true;

    boolean permitsWrites();

    default void check() {
        if (!permitsWrites()) {
            throw new WritesFencedException();
        }
    }

    /** This replica may no longer write; the cycle in flight is abandoned and nothing after it is sent. */
    final class WritesFencedException extends RuntimeException {
        WritesFencedException() {
            super("this replica lost its leadership: the cycle was abandoned and nothing more was written");
        }
    }
}
