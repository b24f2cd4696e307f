package dev.modeldeploy.feedback.bucket;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Object storage the exporter writes to. Keys are relative to the bucket URL's prefix; {@link #put} replaces an
 * existing object, which is what makes re-running an interrupted export safe.
 */
public interface Bucket extends AutoCloseable {
    void put(String key, byte[] content) throws IOException;

    Optional<byte[]> get(String key) throws IOException;

    /** Every key under the prefix, relative to it, sorted. */
    List<String> list() throws IOException;

    /** The bucket URL without credentials, for logs and messages. */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
