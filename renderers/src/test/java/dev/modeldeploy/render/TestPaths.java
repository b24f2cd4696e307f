package dev.modeldeploy.render;

import java.nio.file.Files;
import java.nio.file.Path;

/** Folders the tests read: the shared CRDs and the example repository, found the same way from Maven or an IDE. */
final class TestPaths {
    private TestPaths() {
    }

    static Path sharedDir() {
        String property = System.getProperty("modeldeploy.sharedDir");
        if (property != null && Files.isDirectory(Path.of(property))) {
            return Path.of(property);
        }
        for (String candidate : new String[] {"../shared", "../../shared"}) {
            if (Files.isDirectory(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("cannot find the shared folder (set -Dmodeldeploy.sharedDir)");
    }

    static Path crd(String group, String plural) {
        return sharedDir().resolve("crds").resolve(group).resolve(plural + ".yaml");
    }

    static Path examplesRepo() {
        for (String candidate : new String[] {"../examples-repo", "examples-repo"}) {
            if (Files.isDirectory(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("cannot find examples-repo/ from " + Path.of("").toAbsolutePath());
    }

    static Path goldenDir() {
        return Path.of("src/test/resources/golden");
    }
}
