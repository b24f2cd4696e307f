package dev.modeldeploy.feedback.testing;

import dev.modeldeploy.feedback.bucket.BucketUrl;
import dev.modeldeploy.feedback.bucket.S3Bucket;
import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** A real S3-compatible server (s3proxy, in-memory backend) on a loopback ephemeral port. */
public final class S3ProxyFixture implements AutoCloseable {
    public static final String IDENTITY = "test-access-key";
    public static final String CREDENTIAL = "test-secret-key";

    private final S3Proxy proxy;
    private final BlobStoreContext context;

    public S3ProxyFixture(String... buckets) throws Exception {
        context = ContextBuilder.newBuilder("transient").credentials(IDENTITY, CREDENTIAL).overrides(new Properties())
                .build(BlobStoreContext.class);
        BlobStore store = context.getBlobStore();
        for (String bucket : buckets) {
            store.createContainerInLocation(null, bucket);
        }
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL).build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public String url(String bucket, String prefix) {
        return "s3://" + bucket + "/" + prefix + "?endpoint=" + endpoint();
    }

    public S3Bucket bucket(String bucket, String prefix) {
        return new S3Bucket(BucketUrl.parse(url(bucket, prefix)),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)));
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
