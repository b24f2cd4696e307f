package dev.modeldeploy.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test fixtures under src/test/resources, and findings as the lines the CLI prints. */
final class Fixtures {
    static final ManifestLoader LOADER = new ManifestLoader();

    private Fixtures() {
    }

    static Path resource(String name) {
        URL url = Fixtures.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A single resource file or folder; findings name files relative to it (a lone file by its name). */
    static ManifestSet load(String name) {
        return LOADER.load(resource(name));
    }

    /** Resource files copied side by side into folder and loaded together, named by their file names. */
    static ManifestSet loadTogether(Path folder, String... names) {
        try {
            for (String name : names) {
                Path source = resource(name);
                Files.copy(source, folder.resolve(source.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return LOADER.load(folder);
    }

    static List<String> lines(ManifestSet set) {
        return FindingsReport.textLines(set.findings());
    }
}
