package dev.modeldeploy.manifest;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Finds the manifest files under a folder without ever reading outside it: symbolic links are not followed
 * during the walk, and one that resolves outside the folder is reported instead of read. The skip rules are
 * described on {@link ManifestLoader}.
 */
final class ManifestFiles {
    record SourceFile(Path path, String name) {
    }

    /** A file-level problem found while listing (a link leading outside, an unreadable folder). */
    record ListingProblem(String name, String message) {
    }

    private final List<SourceFile> files = new ArrayList<>();
    private final List<ListingProblem> problems = new ArrayList<>();
    private final List<String> order = new ArrayList<>();

    List<SourceFile> files() {
        return files;
    }

    List<ListingProblem> problems() {
        return problems;
    }

    /** Every name (files read and listing problems), in the order findings are reported: by path given, then by name. */
    List<String> order() {
        return order;
    }

    /**
     * Adds the files of one path the user gave. displayPrefix is put before each relative name ("" for the
     * daemon, whose names are relative to the repository folder).
     */
    void collect(Path given, String displayPrefix) throws IOException {
        if (!Files.isDirectory(given)) {
            String name = displayPrefix.isEmpty() ? given.getFileName().toString() : displayPrefix;
            order.add(name);
            if (!Files.exists(given)) {
                problems.add(new ListingProblem(name, "no such file or folder"));
            } else if (!Files.isRegularFile(given)) {
                // a FIFO or device would block or never end
                problems.add(new ListingProblem(name, "not a regular file or folder"));
            } else {
                files.add(new SourceFile(given, name));
            }
            return;
        }
        Path realRoot = given.toRealPath();
        List<SourceFile> found = new ArrayList<>();
        int problemsBefore = problems.size();
        Files.walkFileTree(given, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE, new FileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(given)) {
                    return FileVisitResult.CONTINUE;
                }
                String relative = relative(given, dir);
                boolean hidden = dir.getFileName().toString().startsWith(".");
                return hidden || relative.equals("status") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String fileName = file.getFileName().toString();
                if (fileName.startsWith(".")) {
                    return FileVisitResult.CONTINUE;
                }
                String name = join(displayPrefix, relative(given, file));
                if (attrs.isSymbolicLink()) {
                    visitLink(file, fileName, name, realRoot, found);
                } else if (attrs.isRegularFile() && isManifestName(fileName)) {
                    found.add(new SourceFile(file, name));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                problems.add(new ListingProblem(join(displayPrefix, relative(given, file)), "cannot read: " + e.getClass().getSimpleName()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                if (e != null) {
                    problems.add(new ListingProblem(join(displayPrefix, relative(given, dir)), "cannot list folder: " + e.getClass().getSimpleName()));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(Comparator.comparing(SourceFile::name));
        files.addAll(found);
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        found.forEach(f -> names.add(f.name()));
        problems.subList(problemsBefore, problems.size()).forEach(p -> names.add(p.name()));
        order.addAll(names);
    }

    /**
     * A link inside the folder to a manifest file inside it is read through the link; a link to a folder inside
     * is skipped (its files are reached directly); a link leading outside, or nowhere, is reported and not read.
     */
    private void visitLink(Path link, String fileName, String name, Path realRoot, List<SourceFile> found) {
        Path target;
        try {
            target = link.toRealPath();
        } catch (IOException e) {
            if (isManifestName(fileName)) {
                problems.add(new ListingProblem(name, "broken symbolic link: its target does not exist"));
            }
            return;
        }
        boolean directory = Files.isDirectory(target);
        if (!target.startsWith(realRoot)) {
            if (directory || isManifestName(fileName)) {
                problems.add(new ListingProblem(name, "symbolic link leads outside the manifest folder; not followed"));
            }
            return;
        }
        if (!directory && Files.isRegularFile(target) && isManifestName(fileName)) {
            found.add(new SourceFile(link, name));
        }
    }

    static boolean isManifestName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        String base;
        if (lower.endsWith(".yaml") || lower.endsWith(".json")) {
            base = lower.substring(0, lower.length() - 5);
        } else if (lower.endsWith(".yml")) {
            base = lower.substring(0, lower.length() - 4);
        } else {
            return false;
        }
        return !(base.equals("cluster-settings") || base.endsWith(".settings") || base.startsWith("values"));
    }

    /** A *.json file: ODAHU's CLI reads JSON as well as YAML. */
    static boolean isJsonName(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    private static String relative(Path root, Path file) {
        StringBuilder out = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(part);
        }
        return out.toString();
    }

    private static String join(String prefix, String relative) {
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }
}
