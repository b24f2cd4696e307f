package dev.modeldeploy.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The API server's own record of every write (its audit log at level Metadata), so that a test counts the
 * requests the server received rather than the ones a client believes it sent. Writes are read as
 * "METHOD requestURI", the same form the embedded server's recorder uses.
 */
public final class AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> METHODS = Map.of("create", "POST", "update", "PUT", "patch", "PATCH",
            "delete", "DELETE", "deletecollection", "DELETE");
    private static final String MARKER_PREFIX = "audit-marker-";

    private final Path file;
    private final Supplier<KubernetesClient> admin;
    private long offset;

    AuditLog(Path file, Supplier<KubernetesClient> admin) {
        this.file = file;
        this.admin = admin;
    }

    /** One audited write. */
    public record Write(String user, String userAgent, String method, String requestUri, int status) {
        @Override
        public String toString() {
            return method + " " + requestUri;
        }
    }

    /** Forgets every write logged so far. */
    public synchronized void clear() {
        flush();
        offset = size();
    }

    /** The writes since the last {@link #clear()} whose client named itself with this text in its User-Agent. */
    public synchronized List<Write> writesFrom(String userAgentPart) {
        flush();
        return read().stream().filter(w -> w.userAgent().contains(userAgentPart)).toList();
    }

    /** The writes since the last {@link #clear()}, by the given user, after every earlier request is logged. */
    public synchronized List<Write> writesBy(String user) {
        flush();
        return read().stream().filter(w -> w.user().equals(user)).toList();
    }

    /**
     * The server logs a request's audit event just after it answers it; a dry-run marker request, sent after
     * the test's own requests were answered, shows up only after theirs did.
     */
    private void flush() {
        String marker = MARKER_PREFIX + UUID.randomUUID();
        try (KubernetesClient client = admin.get()) {
            client.configMaps().inNamespace("default")
                    .resource(new ConfigMapBuilder().withNewMetadata().withName(marker).endMetadata().build())
                    .dryRun().create();
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (readRaw().stream().anyMatch(event -> event.path("requestURI").asText().contains(marker)
                    || event.path("objectRef").path("name").asText().equals(marker))) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("the audit log at " + file + " never showed the marker request " + marker);
    }

    private List<Write> read() {
        List<Write> writes = new ArrayList<>();
        for (JsonNode event : readRaw()) {
            String name = event.path("objectRef").path("name").asText();
            if (name.startsWith(MARKER_PREFIX)) {
                continue;
            }
            writes.add(new Write(event.path("user").path("username").asText(), event.path("userAgent").asText(),
                    METHODS.getOrDefault(event.path("verb").asText(), event.path("verb").asText().toUpperCase()),
                    event.path("requestURI").asText(), event.path("responseStatus").path("code").asInt()));
        }
        return writes;
    }

    private List<JsonNode> readRaw() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = new String(bytes, (int) Math.min(offset, bytes.length), (int) Math.max(0, bytes.length - offset),
                StandardCharsets.UTF_8);
        List<JsonNode> events = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || !line.endsWith("}")) {
                continue;
            }
            try {
                JsonNode event = JSON.readTree(line);
                if ("ResponseComplete".equals(event.path("stage").asText()) || "Panic".equals(event.path("stage").asText())) {
                    events.add(event);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable audit line in " + file + ": " + line, e);
            }
        }
        return events;
    }

    private long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
