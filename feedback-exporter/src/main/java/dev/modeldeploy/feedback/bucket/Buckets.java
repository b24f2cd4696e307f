package dev.modeldeploy.feedback.bucket;

import java.io.IOException;

/** Opens the bucket a URL names. */
public final class Buckets {
    private Buckets() {
    }

    public static Bucket open(String url) throws IOException {
        return open(BucketUrl.parse(url));
    }

    public static Bucket open(BucketUrl url) throws IOException {
        return switch (url.scheme()) {
            case S3 -> new S3Bucket(url);
            case GS -> new GcsBucket(url);
            case FILE -> new LocalFolderBucket(url.folder());
        };
    }
}
