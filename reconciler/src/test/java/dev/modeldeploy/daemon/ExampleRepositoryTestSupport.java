package dev.modeldeploy.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

final class ExampleRepositoryTestSupport {
    private ExampleRepositoryTestSupport() {
    }

    static Path examples() {
        Path examples = ExampleRepository.locateExamples();
        if (!Files.isDirectory(examples)) {
            throw new AssertionError("examples-repo not found from " + Path.of("").toAbsolutePath());
        }
        return examples;
    }

    static void copyExamples(Path target) throws IOException {
        Path from = examples();
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path to = target.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
