package dev.modeldeploy.feedback.testing;

import dev.modeldeploy.feedback.bucket.Bucket;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/** Wraps a real bucket and makes chosen uploads fail, the way a flaky network or a crash between uploads would. */
public final class FlakyBucket implements Bucket {
    private final Bucket delegate;
    private final IntPredicate failsUpload;
    private int uploads;
    private int succeeded;

    /** @param failsUpload given the 1-based number of the upload attempt, whether it fails */
    public FlakyBucket(Bucket delegate, IntPredicate failsUpload) {
        this.delegate = delegate;
        this.failsUpload = failsUpload;
    }

    public static FlakyBucket failingAfter(Bucket delegate, int successfulUploads) {
        return new FlakyBucket(delegate, n -> n > successfulUploads);
    }

    public static FlakyBucket failingEveryOther(Bucket delegate) {
        return new FlakyBucket(delegate, n -> n % 2 == 1);
    }

    @Override
    public synchronized void put(String key, byte[] content) throws IOException {
        uploads++;
        if (failsUpload.test(uploads)) {
            throw new IOException("injected failure of upload " + uploads);
        }
        delegate.put(key, content);
        succeeded++;
    }

    public synchronized int succeeded() {
        return succeeded;
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        return delegate.get(key);
    }

    @Override
    public List<String> list() throws IOException {
        return delegate.list();
    }

    @Override
    public String describe() {
        return "flaky " + delegate.describe();
    }
}
