package dev.modeldeploy.git.poll;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

/**
 * Finds, for a set of files at a commit, the last commit that changed each of them, the way {@code git log -1 -- file}
 * does with default history simplification: follow the file back through a parent that has the identical content
 * (at a merge, the first such parent) until reaching a commit where no parent has it.
 *
 * <p>All files are followed in a single walk, newest commits first, visiting each commit once per batch of files that
 * reach it. The walk is bounded: files still unresolved after {@code maxCommits} commits are attributed to the oldest
 * commit reached, which had the same content (so the answer is "changed at or before").
 */
final class LastChangeFinder {

    private LastChangeFinder() {
    }

    /**
     * @param paths repository paths ('/'-separated) that exist at {@code head}
     * @return path → commit id, one entry per path
     */
    static Map<String, ObjectId> find(Repository repository, ObjectId head, Set<String> paths, int maxCommits)
            throws IOException {
        Map<String, ObjectId> result = new HashMap<>();
        if (paths.isEmpty()) {
            return result;
        }
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit start = walk.parseCommit(head);
            Map<RevCommit, Set<String>> pending = new HashMap<>();
            PriorityQueue<RevCommit> queue =
                    new PriorityQueue<>(Comparator.comparingInt(RevCommit::getCommitTime).reversed());
            pending.put(start, new HashSet<>(paths));
            queue.add(start);
            int visited = 0;
            while (!queue.isEmpty()) {
                RevCommit commit = queue.poll();
                Set<String> files = pending.remove(commit);
                if (files == null) {
                    continue;
                }
                if (++visited > maxCommits) {
                    files.forEach(file -> result.put(file, commit.copy()));
                    pending.forEach((reached, rest) -> rest.forEach(file -> result.put(file, reached.copy())));
                    break;
                }
                followToParents(walk, commit, files, result, pending, queue);
            }
        }
        return result;
    }

    private static void followToParents(RevWalk walk, RevCommit commit, Set<String> files,
                                        Map<String, ObjectId> result, Map<RevCommit, Set<String>> pending,
                                        PriorityQueue<RevCommit> queue) throws IOException {
        RevCommit[] parents = commit.getParents();
        if (parents.length == 0) {
            files.forEach(file -> result.put(file, commit.copy()));
            return;
        }
        for (RevCommit parent : parents) {
            walk.parseHeaders(parent);
        }
        Set<String> unresolved = new HashSet<>(files);
        try (TreeWalk treeWalk = new TreeWalk(walk.getObjectReader())) {
            treeWalk.setRecursive(true);
            treeWalk.setFilter(PathFilterGroup.createFromStrings(files));
            treeWalk.addTree(commit.getTree());
            for (RevCommit parent : parents) {
                treeWalk.addTree(parent.getTree());
            }
            while (treeWalk.next()) {
                String path = treeWalk.getPathString();
                if (!unresolved.remove(path)) {
                    continue;
                }
                int sameParent = parentWithSameContent(treeWalk, parents.length);
                if (sameParent < 0) {
                    result.put(path, commit.copy());
                } else {
                    RevCommit parent = parents[sameParent];
                    pending.computeIfAbsent(parent, p -> {
                        queue.add(p);
                        return new HashSet<>();
                    }).add(path);
                }
            }
        }
        // Only if the file is not in the commit after all (callers pass existing paths).
        unresolved.forEach(file -> result.put(file, commit.copy()));
    }

    private static int parentWithSameContent(TreeWalk treeWalk, int parentCount) {
        ObjectId content = treeWalk.getObjectId(0);
        int mode = treeWalk.getRawMode(0);
        for (int i = 1; i <= parentCount; i++) {
            if (treeWalk.getRawMode(i) == mode && treeWalk.getObjectId(i).equals(content)) {
                return i - 1;
            }
        }
        return -1;
    }
}
