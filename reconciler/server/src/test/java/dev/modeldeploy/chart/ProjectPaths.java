package dev.modeldeploy.chart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the folders the chart tests read, whether Maven runs from the repository root or from the module. */
final class ProjectPaths {

    private ProjectPaths() {
    }

    static Path chartDir() {
        return firstExisting("modeldeploy.chartDir", "charts/modeldeploy", "Chart.yaml");
    }

    /** The upstream CRDs vendored under testenv/crds (see SOURCES.md there). */
    static Path crdDir() {
        return firstExisting("modeldeploy.crdDir", "testenv/crds", "SOURCES.md");
    }

    private static Path firstExisting(String property, String relative, String marker) {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of(relative));
        candidates.add(Path.of("..", relative));
        candidates.add(Path.of("..", "..", relative));
        for (Path candidate : candidates) {
            if (Files.exists(candidate.resolve(marker))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("cannot find " + relative + " (looked at " + candidates
                + " from " + Path.of("").toAbsolutePath() + "; set -D" + property + ")");
    }
}
