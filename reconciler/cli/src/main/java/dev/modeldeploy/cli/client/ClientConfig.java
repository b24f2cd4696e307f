package dev.modeldeploy.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** The client's config file (YAML with {@code url} and {@code token}); both may be absent. */
public record ClientConfig(String url, String token) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static ClientConfig none() {
        return new ClientConfig(null, null);
    }

    public static ClientConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            return none();
        }
        try {
            JsonNode root = YAML.readTree(file.toFile());
            if (root == null || root.isMissingNode() || root.isNull()) {
                return none();
            }
            if (!root.isObject()) {
                throw new CliException(file + ": expected a mapping with url: and token:");
            }
            return new ClientConfig(text(root, "url"), text(root, "token"));
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + firstLine(e.getMessage()));
        }
    }

    /** True when the file holds a token others on this machine can read. */
    public static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText().trim();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
