package dev.modeldeploy.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modeldeploy.feedback.bucket.Bucket;
import dev.modeldeploy.feedback.bucket.BucketUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file's store settings reach the bucket; the bucket URL's own options win. */
class FeedbackBucketTest {
    @TempDir
    Path tmp;

    @Test
    void s3SettingsFromTheConfigurationApplyUnlessTheUrlSetsThem() throws Exception {
        DaemonConfig.S3 s3 = new DaemonConfig.S3("http://127.0.0.1:9", "eu-west-1", true, "MY_KEY_ID", "MY_SECRET");
        Map<String, String> env = Map.of("MY_KEY_ID", "AKIDEXAMPLE", "MY_SECRET", "do-not-print");
        assertThat(FeedbackBucket.withSettings(BucketUrl.parse("s3://feedback/prod"), s3).options())
                .isEqualTo(Map.of("endpoint", "http://127.0.0.1:9", "region", "eu-west-1", "path-style", "true"));
        assertThat(FeedbackBucket.withSettings(BucketUrl.parse("s3://feedback/prod?region=us-east-2"), s3).options())
                .containsEntry("region", "us-east-2").containsEntry("endpoint", "http://127.0.0.1:9");
        try (Bucket bucket = FeedbackBucket.open("s3://feedback/prod", s3, new DaemonConfig.Gcs(null), env::get)) {
            assertThat(bucket.describe()).isEqualTo("s3://feedback/prod");
        }
    }

    @Test
    void anUnreadableGcsKeyNamesTheFileButNotItsContent() throws Exception {
        Path key = Files.writeString(tmp.resolve("key.json"), "{\"type\": \"service_account\", \"private_key\": \"SECRET\"}");
        assertThatThrownBy(() -> FeedbackBucket.open("gs://feedback/prod", new DaemonConfig.S3(null, null, null, null, null),
                new DaemonConfig.Gcs(key.toString()), name -> null))
                .hasMessageContaining(key.toString()).hasMessageNotContaining("SECRET");
    }
}
