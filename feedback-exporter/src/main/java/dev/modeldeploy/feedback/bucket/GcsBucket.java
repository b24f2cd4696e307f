package dev.modeldeploy.feedback.bucket;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Google Cloud Storage; credentials come from Application Default Credentials. */
public final class GcsBucket implements Bucket {
    private final Storage storage;
    private final BucketUrl url;

    public GcsBucket(BucketUrl url) {
        this(url, StorageOptions.getDefaultInstance().getService());
    }

    public GcsBucket(BucketUrl url, Storage storage) {
        if (url.scheme() != BucketUrl.Scheme.GS) {
            throw new IllegalArgumentException("not a gs:// URL: " + url);
        }
        this.url = url;
        this.storage = storage;
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        try {
            storage.create(BlobInfo.newBuilder(BlobId.of(url.bucket(), url.objectKey(key))).setContentType("application/json").build(), content);
        } catch (StorageException e) {
            throw new IOException("upload of " + key + " to " + url + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        try {
            Blob blob = storage.get(BlobId.of(url.bucket(), url.objectKey(key)));
            return blob == null ? Optional.empty() : Optional.of(blob.getContent());
        } catch (StorageException e) {
            throw new IOException("download of " + key + " from " + url + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list() throws IOException {
        String prefix = url.prefix().isEmpty() ? "" : url.prefix() + "/";
        List<String> keys = new ArrayList<>();
        try {
            for (Blob blob : storage.list(url.bucket(), Storage.BlobListOption.prefix(prefix)).iterateAll()) {
                keys.add(blob.getName().substring(prefix.length()));
            }
        } catch (StorageException e) {
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
    public void close() throws IOException {
        try {
            storage.close();
        } catch (Exception e) {
            throw new IOException("closing the storage client failed: " + e.getMessage(), e);
        }
    }
}
