package dev.modeldeploy.cli.client;

import dev.modeldeploy.manifest.Finding;
import dev.modeldeploy.manifest.ManifestLoader;
import dev.modeldeploy.manifest.ModelRoute;
import dev.modeldeploy.manifest.SourceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** The daemon's own validation (manifest-schema's loader), run on the user's machine before anything is pushed. */
final class ManifestValidator {

    /** Where a route names its deployments: checked against the repository's deployments, not the lone file's. */
    private static final Pattern ROUTE_TARGET = Pattern.compile("^\\$\\.spec\\.(.*\\.mdName|mirror)$");

    private static final ManifestLoader LOADER = new ManifestLoader();

    private ManifestValidator() {
    }

    /**
     * The findings of one file read alone, named as the user wrote its path. A route's targets are left to
     * {@link #introduced}, since the deployments they name live in other files.
     */
    static List<Finding> validateAlone(Path file) {
        return LOADER.load(List.of(file)).findings().stream()
                .filter(f -> !(ModelRoute.KIND.equals(f.kind()) && f.jsonPath() != null
                        && ROUTE_TARGET.matcher(f.jsonPath()).matches()))
                .toList();
    }

    /** Every finding for the manifest folder, with file names relative to the repository root. */
    static List<Finding> validateFolder(Path folder, String folderInRepository) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        String prefix = folderInRepository.isEmpty() ? "" : folderInRepository + "/";
        return LOADER.load(folder).findings().stream()
                .map(f -> new Finding(new SourceLocation(prefix + f.location().file(), f.location().line(),
                        f.location().column()), f.kind(), f.id(), f.jsonPath(), f.message()))
                .toList();
    }

    /** Findings in after that were not in before; positions are ignored, since edits move lines. */
    static List<Finding> introduced(List<Finding> before, List<Finding> after) {
        Set<List<String>> known = new HashSet<>();
        before.forEach(f -> known.add(key(f)));
        return after.stream().filter(f -> !known.contains(key(f))).toList();
    }

    private static List<String> key(Finding finding) {
        return List.of(finding.location().file(), Objects.toString(finding.kind()), Objects.toString(finding.id()),
                Objects.toString(finding.jsonPath()), finding.message());
    }
}
