package dev.modeldeploy.daemon;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.storage.StorageOptions;
import dev.modeldeploy.feedback.bucket.Bucket;
import dev.modeldeploy.feedback.bucket.BucketUrl;
import dev.modeldeploy.feedback.bucket.Buckets;
import dev.modeldeploy.feedback.bucket.GcsBucket;
import dev.modeldeploy.feedback.bucket.S3Bucket;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Opens the feedback bucket with the configuration file's store settings: the S3 endpoint, region and path style
 * (options the bucket URL may also carry; the URL wins), S3 keys from the named environment variables, a GCS service
 * account key file. Without them each store uses its standard credential chain.
 */
final class FeedbackBucket {
    private FeedbackBucket() {
    }

    static Bucket open(String url, DaemonConfig.S3 s3, DaemonConfig.Gcs gcs, Function<String, String> env)
            throws IOException {
        BucketUrl parsed = BucketUrl.parse(url);
        return switch (parsed.scheme()) {
            case S3 -> s3(parsed, s3, env);
            case GS -> gcs(parsed, gcs);
            default -> Buckets.open(parsed);
        };
    }

    /** The URL with the file's endpoint, region and path style added where the URL does not set them. */
    static BucketUrl withSettings(BucketUrl url, DaemonConfig.S3 s3) {
        Map<String, String> options = new HashMap<>();
        putIfSet(options, "endpoint", s3.endpoint());
        putIfSet(options, "region", s3.region());
        putIfSet(options, "path-style", s3.pathStyle() == null ? null : s3.pathStyle().toString());
        options.putAll(url.options());
        return new BucketUrl(url.scheme(), url.bucket(), url.prefix(), url.folder(), options);
    }

    private static Bucket s3(BucketUrl url, DaemonConfig.S3 s3, Function<String, String> env) {
        BucketUrl withOptions = withSettings(url, s3);
        String keyId = s3.accessKeyIdEnv() == null ? null : env.apply(s3.accessKeyIdEnv());
        String secret = s3.secretAccessKeyEnv() == null ? null : env.apply(s3.secretAccessKeyEnv());
        if (keyId != null && secret != null) {
            return new S3Bucket(withOptions, StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)));
        }
        return new S3Bucket(withOptions, DefaultCredentialsProvider.builder().build());
    }

    private static Bucket gcs(BucketUrl url, DaemonConfig.Gcs gcs) throws IOException {
        if (gcs.credentialsFile() == null || gcs.credentialsFile().isBlank()) {
            return new GcsBucket(url);
        }
        try (InputStream key = Files.newInputStream(Path.of(gcs.credentialsFile()))) {
            GoogleCredentials credentials = GoogleCredentials.fromStream(key);
            return new GcsBucket(url, StorageOptions.newBuilder().setCredentials(credentials).build().getService());
        } catch (IOException e) {
            // The key's content never goes into the message, only where it was expected.
            throw new IOException("cannot read the GCS credentials file " + gcs.credentialsFile() + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private static void putIfSet(Map<String, String> options, String key, String value) {
        if (value != null && !value.isBlank()) {
            options.put(key, value);
        }
    }
}
