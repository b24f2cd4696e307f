package dev.modeldeploy.git.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.git.GitFetchException;
import dev.modeldeploy.git.GitFetchException.Category;
import dev.modeldeploy.git.GitSource;
import dev.modeldeploy.git.testing.GitCli;
import dev.modeldeploy.git.testing.GitDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher over git:// (the real git daemon), plain paths and file:// URLs; last-change bookkeeping. */
class RepositoryWatcherLocalTest {

    @TempDir
    Path temp;

    private GitCli git;
    private Path base;
    private Path bare;

    @BeforeEach
    void createRepository() throws Exception {
        git = new GitCli(temp.resolve("home"));
        base = Files.createDirectories(temp.resolve("server"));
        bare = git.initBare(base.resolve("models.git"));
    }

    @Test
    void watchesOverGitProtocolWithPushesThroughTheDaemon() throws Exception {
        try (GitDaemon daemon = GitDaemon.start(base)) {
            Path work = git.clone(daemon.url("models.git"), temp.resolve("work"));
            String first = git.commitFile(work, "deployments/a.yaml", "id: a\n", "add a");
            git.push(work, "main");
            GitSource source = new GitSource(daemon.url("models.git"), "main", "deployments", null, null,
                    temp.resolve("cache"));
            try (RepositoryWatcher watcher = new RepositoryWatcher(source)) {
                assertThat(watcher.poll().orElseThrow().commit()).isEqualTo(first);
                assertThat(watcher.poll()).isEmpty();
                String second = git.commitFile(work, "deployments/b.yaml", "id: b\n", "add b");
                git.push(work, "main");
                Snapshot snapshot = watcher.poll().orElseThrow();
                assertThat(snapshot.lastChangedCommitByFile()).containsEntry("a.yaml", first)
                        .containsEntry("b.yaml", second);
            }
        }
    }

    @Test
    void unreachableDaemonIsUnreachable() throws Exception {
        String url;
        try (GitDaemon daemon = GitDaemon.start(base)) {
            url = daemon.url("models.git");
        }
        try (RepositoryWatcher watcher = new RepositoryWatcher(GitSource.of(url, "main", temp.resolve("cache")))) {
            watcher.poll();
            throw new AssertionError("poll() should fail");
        } catch (GitFetchException e) {
            assertThat(e.category()).isEqualTo(Category.UNREACHABLE);
        }
    }

    @Test
    void watchesPlainPathsAndFileUrlsAlike() throws Exception {
        Path work = git.clone(bare.toString(), temp.resolve("work"));
        String head = git.commitFile(work, "a.yaml", "id: a\n", "add a");
        git.push(work, "main");
        for (String url : new String[] {bare.toString(), bare.toUri().toString(), "file://" + bare}) {
            Path cache = Files.createTempDirectory(temp, "cache");
            try (RepositoryWatcher watcher = new RepositoryWatcher(GitSource.of(url, "main", cache))) {
                Snapshot snapshot = watcher.poll().orElseThrow();
                assertThat(snapshot.commit()).as(url).isEqualTo(head);
                assertThat(snapshot.manifestsDir().resolve("a.yaml")).as(url).hasContent("id: a");
            }
        }
    }

    @Test
    void missingRepositoryPathIsNotFound() {
        String url = temp.resolve("nothing-here.git").toString();
        try (RepositoryWatcher watcher = new RepositoryWatcher(GitSource.of(url, "main", temp.resolve("cache")))) {
            watcher.poll();
            throw new AssertionError("poll() should fail");
        } catch (GitFetchException e) {
            assertThat(e.category()).isEqualTo(Category.NOT_FOUND);
        }
    }

    @Test
    void lastChangedCommitMatchesGitLogThroughMergesDeletesAndRewrites() throws Exception {
        Path work = git.clone(bare.toString(), temp.resolve("work"));
        git.commitFile(work, "m/x.yaml", "x1\n", "x1");
        git.commitFile(work, "m/y.yaml", "y1\n", "y1");
        git.commitFile(work, "m/sub/z.yaml", "z1\n", "z1");
        git.commitFile(work, "outside.txt", "o\n", "outside");
        git.run(work, "checkout", "--quiet", "-b", "feature");
        git.commitFile(work, "m/y.yaml", "y2\n", "y2 on feature");
        git.commitFile(work, "m/w.yaml", "w1\n", "w1 on feature");
        git.run(work, "checkout", "--quiet", "main");
        git.commitFile(work, "m/x.yaml", "x2\n", "x2 on main");
        git.run(work, "merge", "--quiet", "--no-ff", "-m", "merge feature", "feature");
        git.push(work, "main");

        GitSource source = new GitSource(bare.toString(), "main", "m", null, null, temp.resolve("cache"));
        try (RepositoryWatcher watcher = new RepositoryWatcher(source)) {
            Snapshot snapshot = watcher.poll().orElseThrow();
            assertThat(snapshot.lastChangedCommitByFile()).isEqualTo(gitLog(work, "m", snapshot));

            // Incremental step: one file changed, one removed, one re-added with old content, others reused.
            git.commitFile(work, "m/sub/z.yaml", "z2\n", "z2");
            git.removeFile(work, "m/w.yaml", "drop w");
            git.commitFile(work, "m/x.yaml", "x1\n", "x back to x1");
            git.push(work, "main");
            Snapshot next = watcher.poll().orElseThrow();
            assertThat(next.lastChangedCommitByFile()).containsOnlyKeys("x.yaml", "y.yaml", "sub/z.yaml")
                    .isEqualTo(gitLog(work, "m", next));
            assertThat(next.manifestsDir().resolve("w.yaml")).doesNotExist();

            // History rewritten (force push of an older state plus a new commit): nothing stale is reused.
            git.run(work, "reset", "--quiet", "--hard", "HEAD~3");
            git.commitFile(work, "m/y.yaml", "y3\n", "y3 after rewrite");
            git.run(work, "push", "--quiet", "--force", "origin", "HEAD:refs/heads/main");
            Snapshot rewritten = watcher.poll().orElseThrow();
            assertThat(rewritten.lastChangedCommitByFile()).isEqualTo(gitLog(work, "m", rewritten));
        }
    }

    @Test
    void cacheThatLostItsObjectsFetchesAgain() throws Exception {
        Path work = git.clone(bare.toString(), temp.resolve("work"));
        String head = git.commitFile(work, "m/a.yaml", "a\n", "a");
        git.push(work, "main");
        GitSource source = new GitSource(bare.toString(), "main", "m", null, null, temp.resolve("cache"));
        try (RepositoryWatcher watcher = new RepositoryWatcher(source)) {
            watcher.poll().orElseThrow();
        }
        Path cacheRepository = temp.resolve("cache").resolve(RepositoryWatcher.CACHE_REPOSITORY);
        try (var objects = Files.walk(cacheRepository.resolve("objects"))) {
            for (Path file : objects.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        }
        try (RepositoryWatcher restarted = new RepositoryWatcher(source.withPath("other"))) {
            Snapshot snapshot = restarted.poll().orElseThrow();
            assertThat(snapshot.commit()).isEqualTo(head);
            assertThat(snapshot.lastChangedCommitByFile()).as("another folder, another checkout").isEmpty();
        }
    }

    @Test
    void emptyPathWatchesTheWholeRepository() throws Exception {
        Path work = git.clone(bare.toString(), temp.resolve("work"));
        git.commitFile(work, "a.yaml", "a\n", "a");
        git.commitFile(work, "deep/b.yaml", "b\n", "b");
        git.push(work, "main");
        try (RepositoryWatcher watcher = new RepositoryWatcher(GitSource.of(bare.toString(), "main",
                temp.resolve("cache")))) {
            Snapshot snapshot = watcher.poll().orElseThrow();
            assertThat(snapshot.lastChangedCommitByFile()).containsOnlyKeys("a.yaml", "deep/b.yaml");
        }
    }

    /** What {@code git log -1 -- <file>} says for each file of the snapshot: the oracle. */
    private Map<String, String> gitLog(Path work, String folder, Snapshot snapshot) {
        Map<String, String> expected = new HashMap<>();
        String files = git.run(work, "ls-tree", "-r", "--name-only", snapshot.commit(), "--", folder + "/");
        for (String file : files.split("\n")) {
            if (!file.isBlank()) {
                expected.put(file.substring(folder.length() + 1),
                        git.run(work, "log", "-1", "--format=%H", snapshot.commit(), "--", file));
            }
        }
        return expected;
    }
}
