/*
 * Manifest files: which files are read, and how (for the README; the lead owns the README itself).
 *
 * - A path given to `modeldeploy validate` or configured as git.path is either one manifest file or a folder.
 *   In a folder, every *.yaml, *.yml and *.json file below it is read, in every subfolder, except:
 *     - files under a top-level `status/` folder (modeldeploy writes status there),
 *     - files named `cluster-settings.yaml`, `*.settings.yaml` or `values*.yaml` (and the .yml and .json forms):
 *       cluster settings and Helm values often live next to manifests,
 *     - hidden files and folders (names starting with '.', such as .git or .github).
 *   A file named directly on the command line is always read.
 * - Each file may hold several documents separated by `---`. Every document must have `kind: ModelDeployment`
 *   or `kind: ModelRoute`. ODAHU's other kinds (Connection, ModelTraining, ...) are skipped with a warning;
 *   any other kind is an error ("unknown kind"). Empty documents are ignored.
 * - JSON is read as YAML (it is a subset), with the same positions. A *.json file holds one manifest (an object)
 *   or a JSON array of them, as ODAHU's CLI reads it. A *.json file in which no document has a `kind` is skipped with
 *   a warning: JSON next to ODAHU manifests is usually a sample request.
 * - Files are read as strict UTF-8, at most 1 MiB each (checked before reading). Duplicate keys, YAML tags other
 *   than the plain JSON types, more than 50 aliases to mappings/lists, nesting deeper than 64 levels, or a file
 *   that expands to more than 500,000 nodes are errors. A symbolic link is read only when it resolves to a manifest file inside the
 *   folder; one leading outside (or nowhere) is reported and never followed. A bad file never stops the others.
 * - Every error names FILE:LINE:COLUMN (1-based; the file relative to the folder given, '/'-separated), the
 *   manifest's id, a JSON path such as $.spec.resources.limits.cpu, and a message. A manifest with any error is
 *   left out of the valid set; ManifestSet.failedFiles lists every file with an error.
 */
package dev.modeldeploy.manifest;

import dev.modeldeploy.manifest.yaml.UnreadableYamlException;
import dev.modeldeploy.manifest.yaml.YamlDocument;
import dev.modeldeploy.manifest.yaml.YamlFileReader;
import dev.modeldeploy.manifest.yaml.YamlParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads and validates ODAHU-format manifests: YAML with positions, JSON Schema per kind, the rules schema cannot
 * express, and checks across all documents read together. Thread-safe; one instance can serve every caller.
 */
public final class ManifestLoader {
    /** Below this many files, parallel checking costs more in hand-off than it saves. */
    private static final int PARALLEL_THRESHOLD = 64;

    /**
     * Bounds on what one file may cost. maxAliasesForCollections counts aliases to mappings and lists per file;
     * maxNodesPerFile counts nodes after alias expansion.
     */
    public record Limits(long maxFileBytes, int maxAliasesForCollections, int maxNodesPerFile, int maxDepth) {
        public static final Limits DEFAULT = new Limits(1024 * 1024, 50, 500_000, 64);
    }

    /**
     * What the CLI needs besides the manifests: every file that was read, so it can say "1 of 3 files", and every
     * error and warning together in the order they are reported (by file, then position).
     */
    public record LoadResult(ManifestSet manifests, List<String> files, List<Finding> reported) {
    }

    private final YamlFileReader reader;
    private final YamlParser parser;
    private final DocumentChecker checker = new DocumentChecker();
    private final boolean parallel;

    public ManifestLoader() {
        this(Limits.DEFAULT);
    }

    public ManifestLoader(Limits limits) {
        this(limits, true);
    }

    /** parallel = false checks files on the calling thread only (for benchmarks and callers that own their threads). */
    public ManifestLoader(Limits limits, boolean parallel) {
        this.reader = new YamlFileReader(limits.maxFileBytes());
        this.parser = new YamlParser(limits.maxAliasesForCollections(), limits.maxNodesPerFile(), limits.maxDepth());
        this.parallel = parallel;
    }

    /** A folder (recursively) or a single file; file names in the result are relative to the folder. */
    public ManifestSet load(Path root) {
        return load(root, "").manifests();
    }

    /**
     * Several files and folders checked together (ids must be unique across all of them). Each file is named as
     * the user wrote its path, joined with its path relative to that folder.
     */
    public ManifestSet load(List<Path> paths) {
        return loadWithFiles(paths).manifests();
    }

    /** As {@link #load(List)}, also listing every file read. */
    public LoadResult loadWithFiles(List<Path> paths) {
        ManifestFiles listing = new ManifestFiles();
        for (Path path : paths) {
            collect(listing, path, displayPrefix(path));
        }
        return check(listing);
    }

    private LoadResult load(Path root, String prefix) {
        ManifestFiles listing = new ManifestFiles();
        collect(listing, root, prefix);
        return check(listing);
    }

    private static void collect(ManifestFiles listing, Path path, String prefix) {
        try {
            listing.collect(path, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list manifests under " + path, e);
        }
    }

    /** The path as the user wrote it, '/'-separated, without a trailing '/'; "" for the current folder. */
    private static String displayPrefix(Path path) {
        String text = path.toString().replace('\\', '/');
        while (text.length() > 1 && text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text.equals(".") && Files.isDirectory(path) ? "" : text;
    }

    private LoadResult check(ManifestFiles listing) {
        List<ManifestFiles.SourceFile> files = listing.files();
        List<CheckedFile> checked = new ArrayList<>(files.size());
        if (parallel && files.size() >= PARALLEL_THRESHOLD) {
            List<Integer> indexes = new ArrayList<>(files.size());
            for (int i = 0; i < files.size(); i++) {
                indexes.add(i);
            }
            checked.addAll(indexes.parallelStream().map(i -> checkFile(files.get(i), i)).toList());
        } else {
            for (int i = 0; i < files.size(); i++) {
                checked.add(checkFile(files.get(i), i));
            }
        }
        List<CheckedDocument> documents = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        List<Finding> warnings = new ArrayList<>();
        for (CheckedFile file : checked) {
            documents.addAll(file.documents());
            for (Finding finding : file.fileFindings()) {
                (finding.isError() ? findings : warnings).add(finding);
            }
        }
        for (ManifestFiles.ListingProblem problem : listing.problems()) {
            findings.add(new Finding(new SourceLocation(problem.name(), 1, 1), null, null, null, problem.message()));
        }
        CrossDocumentChecks.check(documents);

        List<ModelDeployment> deployments = new ArrayList<>();
        List<ModelRoute> routes = new ArrayList<>();
        for (CheckedDocument document : documents) {
            warnings.addAll(document.warnings());
            if (!document.findings().isEmpty()) {
                findings.addAll(document.findings());
            } else if (document.skipped()) {
                continue;
            } else if (document.isDeployment()) {
                deployments.add(ManifestBinder.deployment(document));
            } else {
                routes.add(ManifestBinder.route(document));
            }
        }
        Comparator<Finding> order = findingOrder(listing.order());
        findings.sort(order);
        warnings.sort(order);
        Set<String> failedFiles = findings.stream().map(f -> f.location().file()).collect(Collectors.toCollection(TreeSet::new));
        List<String> allFiles = listing.order();
        ManifestSet set = new ManifestSet(List.copyOf(deployments), List.copyOf(routes), List.copyOf(findings),
                Collections.unmodifiableSet(failedFiles), List.copyOf(warnings));
        List<Finding> reported = new ArrayList<>(findings);
        reported.addAll(warnings);
        reported.sort(order);
        return new LoadResult(set, List.copyOf(allFiles), List.copyOf(reported));
    }

    private static boolean hasKind(YamlDocument document) {
        return document.json().isObject() && document.json().has("kind");
    }

    private static Comparator<Finding> findingOrder(List<String> fileOrder) {
        java.util.Map<String, Integer> position = new java.util.HashMap<>();
        for (int i = 0; i < fileOrder.size(); i++) {
            position.putIfAbsent(fileOrder.get(i), i);
        }
        return Comparator.<Finding>comparingInt(f -> position.getOrDefault(f.location().file(), Integer.MAX_VALUE))
                .thenComparing(f -> f.location().file())
                .thenComparingInt(f -> f.location().line())
                .thenComparingInt(f -> f.location().column());
    }

    /** fileFindings: errors and warnings about the file as a whole. */
    private record CheckedFile(List<CheckedDocument> documents, List<Finding> fileFindings) {
    }

    private CheckedFile checkFile(ManifestFiles.SourceFile file, int index) {
        List<YamlDocument> yamlDocuments;
        boolean json = ManifestFiles.isJsonName(file.name());
        try {
            yamlDocuments = parser.parse(reader.read(file.path()), json);
        } catch (UnreadableYamlException e) {
            Finding finding = new Finding(new SourceLocation(file.name(), e.line(), e.column()), null, null, null, e.getMessage());
            return new CheckedFile(List.of(), List.of(finding));
        }
        if (json && !yamlDocuments.isEmpty() && yamlDocuments.stream().noneMatch(ManifestLoader::hasKind)) {
            // JSON beside ODAHU manifests is usually a sample request (odahu-examples' request.json), not a manifest
            return new CheckedFile(List.of(), List.of(Finding.warning(new SourceLocation(file.name(), 1, 1), null, null, null,
                    "no document in this JSON file has a 'kind': not a manifest, skipped")));
        }
        List<CheckedDocument> documents = new ArrayList<>(yamlDocuments.size());
        for (YamlDocument yaml : yamlDocuments) {
            documents.add(checker.check(file.name(), index, yaml));
        }
        return new CheckedFile(documents, List.of());
    }
}
