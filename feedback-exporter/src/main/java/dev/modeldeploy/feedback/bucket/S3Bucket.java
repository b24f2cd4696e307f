package dev.modeldeploy.feedback.bucket;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 or an S3-compatible server. With an {@code endpoint} option the client talks to that server, path-style
 * unless {@code path-style=false}; credentials come from the AWS default chain (environment, system properties,
 * profile, container or instance role) and are never logged.
 */
public final class S3Bucket implements Bucket {
    private final S3Client client;
    private final BucketUrl url;

    public S3Bucket(BucketUrl url) {
        this(url, DefaultCredentialsProvider.builder().build());
    }

    public S3Bucket(BucketUrl url, AwsCredentialsProvider credentials) {
        if (url.scheme() != BucketUrl.Scheme.S3) {
            throw new IllegalArgumentException("not an s3:// URL: " + url);
        }
        this.url = url;
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(credentials);
        String endpoint = url.options().get("endpoint");
        String region = url.options().get("region");
        if (region != null && !region.isEmpty()) {
            builder.region(Region.of(region));
        } else if (endpoint != null) {
            // S3-compatible servers ignore the region, but the SDK insists on one for signing.
            builder.region(Region.US_EAST_1);
        }
        if (endpoint != null) {
            URI endpointUri = URI.create(endpoint);
            if (endpointUri.getScheme() == null || endpointUri.getHost() == null) {
                throw new IllegalArgumentException("s3 endpoint option '" + endpoint + "' must be a URL like http://host:9000");
            }
            builder.endpointOverride(endpointUri)
                    .forcePathStyle(!"false".equalsIgnoreCase(url.options().getOrDefault("path-style", "true")))
                    // Many S3-compatible servers reject the SDK's default trailing checksums.
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        } else if ("true".equalsIgnoreCase(url.options().get("path-style"))) {
            builder.forcePathStyle(true);
        }
        this.client = builder.build();
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        try {
            client.putObject(b -> b.bucket(url.bucket()).key(url.objectKey(key)).contentType("application/json"),
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new IOException("upload of " + key + " to " + url + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        try {
            ResponseBytes<GetObjectResponse> bytes = client.getObjectAsBytes(b -> b.bucket(url.bucket()).key(url.objectKey(key)));
            return Optional.of(bytes.asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new IOException("download of " + key + " from " + url + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list() throws IOException {
        String prefix = url.prefix().isEmpty() ? "" : url.prefix() + "/";
        List<String> keys = new ArrayList<>();
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(url.bucket()).prefix(prefix).build();
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(request)) {
                for (S3Object object : page.contents()) {
                    keys.add(object.key().substring(prefix.length()));
                }
            }
        } catch (SdkException e) {
            throw new IOException("listing " + url + " failed: " + e.getMessage(), e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public String describe() {
        return url.toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
