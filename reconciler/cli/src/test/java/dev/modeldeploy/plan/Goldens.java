package dev.modeldeploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Expected outputs under {@code src/test/resources/plan/}. To regenerate them after an intended change, run the
 * tests with {@code -Dmodeldeploy.plan.updateGoldens=true}, e.g.
 * {@code mvn -o -pl reconciler/cli test -Dtest='PlanCommandTest' -Dmodeldeploy.plan.updateGoldens=true}, then review
 * the files' diff before committing.
 */
public final class Goldens {
    static final String UPDATE_PROPERTY = "modeldeploy.plan.updateGoldens";
    private static final Path DIR = Path.of("src", "test", "resources", "plan");

    private Goldens() {
    }

    public static void assertMatches(String name, String actual) {
        Path file = DIR.resolve(name);
        try {
            if (Boolean.getBoolean(UPDATE_PROPERTY)) {
                Files.createDirectories(DIR);
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(file).as("golden file %s is missing: run the test with -D%s=true to create it", file,
                    UPDATE_PROPERTY).exists();
            assertThat(actual).as("output differs from %s (regenerate with -D%s=true if the change is intended)",
                    file, UPDATE_PROPERTY).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
