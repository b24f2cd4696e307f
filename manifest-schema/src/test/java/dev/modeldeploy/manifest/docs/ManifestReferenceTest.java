package dev.modeldeploy.manifest.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's manifest reference section must be what the JSON Schemas say. When a schema changes, regenerate it:
 * {@code mvn -B -o -pl manifest-schema test -Dtest=ManifestReferenceTest -Dmodeldeploy.docs.rewrite=true}.
 */
class ManifestReferenceTest {
    static final String BEGIN = "<!-- BEGIN manifest reference (generated from manifest-schema/src/main/resources/schemas"
            + " by ManifestReferenceTest; do not edit by hand) -->";
    static final String END = "<!-- END manifest reference -->";
    static final String REWRITE_PROPERTY = "modeldeploy.docs.rewrite";

    @Test
    void readmeManifestReferenceMatchesTheSchemas() throws IOException {
        Path root = repositoryRoot();
        Path readme = root.resolve("README.md");
        String text = Files.readString(readme);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("README.md holds the line %s", BEGIN).isGreaterThanOrEqualTo(0);
        assertThat(end).as("README.md holds the line %s after the begin marker", END).isGreaterThan(begin);

        String generated = new ManifestReference(root.resolve("manifest-schema/src/main/resources/schemas")).markdown();
        String current = text.substring(begin + BEGIN.length(), end).strip() + "\n";
        if (Boolean.getBoolean(REWRITE_PROPERTY) && !current.equals(generated)) {
            String updated = text.substring(0, begin + BEGIN.length()) + "\n" + generated + "\n" + text.substring(end);
            Files.writeString(readme, updated);
            return;
        }
        assertThat(current)
                .as("README.md's manifest reference is out of date with the schemas; regenerate it with "
                        + "mvn -B -o -pl manifest-schema test -Dtest=ManifestReferenceTest -D" + REWRITE_PROPERTY + "=true")
                .isEqualTo(generated);
    }

    @Test
    void everySchemaFieldHasADescription() {
        String generated = new ManifestReference(repositoryRoot().resolve("manifest-schema/src/main/resources/schemas"))
                .markdown();
        List<String> undescribed = new ArrayList<>();
        for (String line : generated.lines().toList()) {
            if (line.startsWith("| `") && line.endsWith("|  |")) {
                undescribed.add(line);
            }
        }
        assertThat(undescribed).as("fields without a description in the schemas").isEmpty();
    }

    /** The checkout root (holding README.md and manifest-schema/), whether Maven runs from there or the module. */
    static Path repositoryRoot() {
        String configured = System.getProperty("modeldeploy.rootDir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("manifest-schema"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath()
                + "; set -Dmodeldeploy.rootDir");
    }
}
