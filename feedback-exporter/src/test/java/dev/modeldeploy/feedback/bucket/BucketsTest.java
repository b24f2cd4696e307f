package dev.modeldeploy.feedback.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.modeldeploy.feedback.testing.S3ProxyFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bucket implementation keeps the same promises: put replaces, get reads back, list is relative to the prefix. */
class BucketsTest {
    @TempDir
    Path dir;

    private static void behavesAsABucket(Bucket bucket) throws Exception {
        bucket.put("feedback/income/1.1/year=2019/a.json", "one\n".getBytes(StandardCharsets.UTF_8));
        bucket.put("feedback/income/1.1/year=2019/a.json", "two\n".getBytes(StandardCharsets.UTF_8));
        bucket.put("response_body/b.json", "three\n".getBytes(StandardCharsets.UTF_8));
        assertThat(bucket.list()).containsExactly("feedback/income/1.1/year=2019/a.json", "response_body/b.json");
        assertThat(new String(bucket.get("feedback/income/1.1/year=2019/a.json").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("two\n");
        assertThat(bucket.get("missing.json")).isEmpty();
    }

    @Test
    void s3CompatibleServer() throws Exception {
        try (S3ProxyFixture s3 = new S3ProxyFixture("feedback"); Bucket bucket = s3.bucket("feedback", "loop/odahu")) {
            behavesAsABucket(bucket);
            // The prefix is honoured: another prefix in the same bucket sees nothing.
            try (Bucket other = s3.bucket("feedback", "other")) {
                assertThat(other.list()).isEmpty();
            }
            assertThat(bucket.describe()).isEqualTo("s3://feedback/loop/odahu");
        }
    }

    @Test
    void s3ErrorsNameTheBucketButNoCredentials() throws Exception {
        try (S3ProxyFixture s3 = new S3ProxyFixture("feedback"); Bucket bucket = s3.bucket("no-such-bucket", "p")) {
            assertThatThrownBy(() -> bucket.put("k.json", new byte[] {1}))
                    .hasMessageContaining("s3://no-such-bucket/p")
                    .hasMessageNotContaining(S3ProxyFixture.CREDENTIAL);
        }
    }

    @Test
    void googleCloudStorage() throws Exception {
        try (Bucket bucket = new GcsBucket(BucketUrl.parse("gs://feedback/loop"), LocalStorageHelper.getOptions().getService())) {
            behavesAsABucket(bucket);
        }
    }

    @Test
    void localFolderRenamesIntoPlaceAndCannotBeEscaped() throws Exception {
        Path root = dir.resolve("bucket");
        try (Bucket bucket = Buckets.open("file://" + root)) {
            behavesAsABucket(bucket);
            try (var files = Files.walk(root)) {
                assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
            }
            assertThatThrownBy(() -> bucket.put("../outside.json", new byte[] {1})).hasMessageContaining("escapes the bucket folder");
        }
    }
}
