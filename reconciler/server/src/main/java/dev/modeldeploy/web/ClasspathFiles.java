package dev.modeldeploy.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Files served from the jar (our pages and the Swagger UI webjar), read once and kept. */
final class ClasspathFiles {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "png", "image/png",
            "svg", "image/svg+xml",
            "map", "application/json",
            "txt", "text/plain; charset=utf-8");

    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    Optional<byte[]> read(String resource) {
        return cache.computeIfAbsent(resource, ClasspathFiles::load);
    }

    static String contentType(String resource) {
        String extension = resource.substring(resource.lastIndexOf('.') + 1);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static Optional<byte[]> load(String resource) {
        try (InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the classpath", e);
        }
    }
}
