package dev.modeldeploy.feedback.bucket;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A parsed bucket location: {@code s3://bucket/prefix}, {@code gs://bucket/prefix} or {@code file:///absolute/path}.
 * S3 URLs take options as query parameters: {@code endpoint} (an S3-compatible server), {@code region},
 * {@code path-style} (true/false). Credentials never go in the URL.
 */
public record BucketUrl(Scheme scheme, String bucket, String prefix, Path folder, Map<String, String> options) {
    public enum Scheme { S3, GS, FILE }

    private static final Set<String> S3_OPTIONS = Set.of("endpoint", "region", "path-style");

    public BucketUrl {
        options = Map.copyOf(options);
    }

    public static BucketUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("bucket URL is empty; use s3://BUCKET/PREFIX, gs://BUCKET/PREFIX or file:///PATH");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bucket URL '" + text + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        switch (scheme) {
            case "s3", "gs" -> {
                String bucket = uri.getHost();
                if (bucket == null || bucket.isEmpty()) {
                    throw new IllegalArgumentException("bucket URL '" + text + "' names no bucket; expected " + scheme + "://BUCKET/PREFIX");
                }
                if (uri.getUserInfo() != null) {
                    throw new IllegalArgumentException("bucket URL must not carry credentials; they come from the environment");
                }
                Map<String, String> options = query(uri.getRawQuery());
                if (scheme.equals("gs") && !options.isEmpty()) {
                    throw new IllegalArgumentException("gs:// bucket URLs take no options, got " + options.keySet());
                }
                for (String key : options.keySet()) {
                    if (!S3_OPTIONS.contains(key)) {
                        throw new IllegalArgumentException("unknown s3 bucket option '" + key + "'; known: endpoint, region, path-style");
                    }
                }
                String path = uri.getPath() == null ? "" : uri.getPath();
                String prefix = trimSlashes(path);
                return new BucketUrl(scheme.equals("s3") ? Scheme.S3 : Scheme.GS, bucket, prefix, null, options);
            }
            case "file" -> {
                if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
                    throw new IllegalArgumentException("file bucket URL '" + text + "' must be file:///ABSOLUTE/PATH (three slashes)");
                }
                if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")) {
                    throw new IllegalArgumentException("file bucket URL '" + text + "' names no folder");
                }
                if (uri.getQuery() != null) {
                    throw new IllegalArgumentException("file bucket URLs take no options");
                }
                return new BucketUrl(Scheme.FILE, null, "", Path.of(uri), Map.of());
            }
            default -> throw new IllegalArgumentException("bucket URL '" + text + "' has unsupported scheme '" + scheme
                    + "'; use s3://BUCKET/PREFIX, gs://BUCKET/PREFIX or file:///PATH");
        }
    }

    /** The key under which {@code relativeKey} is stored in the bucket. */
    public String objectKey(String relativeKey) {
        return prefix.isEmpty() ? relativeKey : prefix + "/" + relativeKey;
    }

    @Override
    public String toString() {
        return switch (scheme) {
            case S3 -> "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
            case GS -> "gs://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
            case FILE -> folder.toUri().toString();
        };
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.put(key, value);
        }
        return result;
    }

    private static String trimSlashes(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
