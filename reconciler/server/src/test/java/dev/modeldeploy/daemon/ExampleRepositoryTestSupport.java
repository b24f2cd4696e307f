package dev.modeldeploy.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        ExampleRepository.copyTree(examples(), target);
    }
}
