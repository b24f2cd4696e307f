package dev.modeldeploy.feedback.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BucketUrlTest {
    @Test
    void parsesS3WithPrefixAndOptions() {
        BucketUrl url = BucketUrl.parse("s3://feedback/odahu/loop/?endpoint=http://127.0.0.1:9000&region=eu-west-1&path-style=true");
        assertThat(url.scheme()).isEqualTo(BucketUrl.Scheme.S3);
        assertThat(url.bucket()).isEqualTo("feedback");
        assertThat(url.prefix()).isEqualTo("odahu/loop");
        assertThat(url.options()).containsEntry("endpoint", "http://127.0.0.1:9000").containsEntry("region", "eu-west-1");
        assertThat(url.objectKey("feedback/a.json")).isEqualTo("odahu/loop/feedback/a.json");
        assertThat(url.toString()).isEqualTo("s3://feedback/odahu/loop");
    }

    @Test
    void parsesGcsAndFile() {
        BucketUrl gs = BucketUrl.parse("gs://models");
        assertThat(gs.scheme()).isEqualTo(BucketUrl.Scheme.GS);
        assertThat(gs.prefix()).isEmpty();
        assertThat(gs.objectKey("x")).isEqualTo("x");
        BucketUrl file = BucketUrl.parse("file:///var/lib/feedback");
        assertThat(file.folder()).isEqualTo(Path.of("/var/lib/feedback"));
    }

    @Test
    void rejectsWhatItCannotUseWithAClearReason() {
        assertThatThrownBy(() -> BucketUrl.parse("")).hasMessageContaining("s3://BUCKET/PREFIX");
        assertThatThrownBy(() -> BucketUrl.parse("azure://x/y")).hasMessageContaining("unsupported scheme 'azure'");
        assertThatThrownBy(() -> BucketUrl.parse("bucket/prefix")).hasMessageContaining("unsupported scheme");
        assertThatThrownBy(() -> BucketUrl.parse("s3:///prefix")).hasMessageContaining("names no bucket");
        assertThatThrownBy(() -> BucketUrl.parse("s3://key:secret@bucket/p")).hasMessageContaining("must not carry credentials");
        assertThatThrownBy(() -> BucketUrl.parse("s3://b/p?endpiont=x")).hasMessageContaining("unknown s3 bucket option 'endpiont'");
        assertThatThrownBy(() -> BucketUrl.parse("gs://b/p?endpoint=x")).hasMessageContaining("take no options");
        assertThatThrownBy(() -> BucketUrl.parse("file://host/path")).hasMessageContaining("three slashes");
        assertThatThrownBy(() -> BucketUrl.parse("file:///")).hasMessageContaining("names no folder");
        assertThatThrownBy(() -> BucketUrl.parse("s3://bad bucket")).hasMessageContaining("is not a URL");
    }
}
