package dev.modeldeploy.render;

import java.nio.file.Files;
import java.nio.file.Path;

/** Folders the tests read: the vendored upstream CRDs and the example repository, found the same way from Maven or an IDE. */
final class TestPaths {
    private TestPaths() {
    }

    /** The upstream CRDs vendored under testenv/crds (see SOURCES.md there). */
    static Path crdDir() {
        String property = System.getProperty("modeldeploy.crdDir");
        if (property != null && Files.isDirectory(Path.of(property))) {
            return Path.of(property);
        }
        for (String candidate : new String[] {"testenv/crds", "../testenv/crds", "../../testenv/crds"}) {
            if (Files.isDirectory(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("cannot find testenv/crds from " + Path.of("").toAbsolutePath()
                + " (set -Dmodeldeploy.crdDir)");
    }

    static Path crd(String group, String plural) {
        return crdDir().resolve(group).resolve(plural + ".yaml");
    }

    static Path examplesRepo() {
        for (String candidate : new String[] {"../examples-repo", "examples-repo"}) {
            if (Files.isDirectory(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("cannot find examples-repo/ from " + Path.of("").toAbsolutePath());
    }

    /** ODAHU's own manifests, vendored in manifest-schema's test resources (see SOURCES.md there). */
    static Path odahuManifests() {
        for (String candidate : new String[] {"../manifest-schema/src/test/resources/odahu", "manifest-schema/src/test/resources/odahu"}) {
            if (Files.isDirectory(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("cannot find manifest-schema/src/test/resources/odahu from " + Path.of("").toAbsolutePath());
    }

    static Path goldenDir() {
        return Path.of("src/test/resources/golden");
    }
}
