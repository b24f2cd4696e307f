package dev.modeldeploy.git.poll;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The regular files below one folder of a commit's tree, and writing them out. Symbolic links and submodules are
 * skipped (a link could point outside the checkout), as are names that could escape the target directory.
 */
final class ManifestTree {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestTree.class);
    private static final Set<String> UNSAFE_NAMES = Set.of("", ".", "..", ".git");

    /**
     * @param relativePath path below the folder, '/'-separated
     * @param repositoryPath path in the repository
     */
    record Entry(String relativePath, String repositoryPath, ObjectId blobId, int rawMode) {
    }

    private ManifestTree() {
    }

    /** The files under {@code folder} ({@code ""} = whole tree), sorted by path. */
    static List<Entry> list(Repository repository, RevTree tree, String folder) throws IOException {
        List<Entry> entries = new ArrayList<>();
        String prefix = folder.isEmpty() ? "" : folder + "/";
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            if (!folder.isEmpty()) {
                walk.setFilter(PathFilter.create(folder));
            }
            while (walk.next()) {
                String path = walk.getPathString();
                if (!path.startsWith(prefix)) {
                    continue; // the folder itself is a file
                }
                FileMode mode = walk.getFileMode(0);
                String relative = path.substring(prefix.length());
                if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                    LOG.debug("skipping {} ({} is not a regular file)", path, mode);
                } else if (!isSafe(relative)) {
                    LOG.warn("skipping {}: its name could escape the checkout directory", path);
                } else {
                    entries.add(new Entry(relative, path, walk.getObjectId(0), walk.getRawMode(0)));
                }
            }
        }
        return entries;
    }

    /** Writes {@code entries} below {@code target}, which must exist. */
    static void write(Repository repository, List<Entry> entries, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (ObjectReader reader = repository.newObjectReader()) {
            for (Entry entry : entries) {
                Path file = root.resolve(entry.relativePath()).normalize();
                if (!file.startsWith(root)) {
                    throw new IOException("refusing to write outside the checkout: " + entry.repositoryPath());
                }
                Files.createDirectories(file.getParent());
                try (OutputStream out = Files.newOutputStream(file)) {
                    reader.open(entry.blobId()).copyTo(out);
                }
            }
        }
    }

    private static boolean isSafe(String relative) {
        for (String part : relative.split("/", -1)) {
            if (UNSAFE_NAMES.contains(part) || part.contains("\\")) {
                return false;
            }
        }
        return true;
    }
}
