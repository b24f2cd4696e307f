package dev.modeldeploy.git.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modeldeploy.git.Backoff;
import dev.modeldeploy.git.GitSource;
import dev.modeldeploy.git.auth.GitCredentials;
import dev.modeldeploy.git.mirror.LocalMirror;
import dev.modeldeploy.git.poll.RepositoryWatcher;
import dev.modeldeploy.git.poll.Snapshot;
import dev.modeldeploy.git.testing.GitCli;
import dev.modeldeploy.git.testing.GitDaemon;
import dev.modeldeploy.git.testing.HttpGitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusPublisherTest {

    private static final String SOURCE_SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final String STATUS = "modeldeploy-status";

    @TempDir
    Path temp;

    private GitCli git;
    private Path base;
    private Path bare;
    private String mainHead;

    @BeforeEach
    void createRepository() throws Exception {
        git = new GitCli(temp.resolve("home"));
        base = Files.createDirectories(temp.resolve("server"));
        bare = git.initBare(base.resolve("models.git"));
        Path work = git.clone(bare.toString(), temp.resolve("seed"));
        mainHead = git.commitFile(work, "deployments/a.yaml", "id: a\n", "add a");
        git.push(work, "main");
    }

    @Test
    void createsAnOrphanBranchAndCommitsOnlyRealChangesOverHttp() throws Exception {
        String token = "status-token-4e1f0a";
        try (HttpGitServer server = new HttpGitServer(base, "bot", token).start()) {
            Path tokenFile = Files.writeString(temp.resolve("token"), token);
            GitSource source = new GitSource(server.url("models.git"), "main", "deployments", null,
                    GitCredentials.tokenFile("bot", tokenFile), temp.resolve("cache"));
            try (StatusPublisher publisher = new StatusPublisher(source)) {
                PublishResult first = publisher.publish(Map.of("status/a.yaml", "state: Ready\n"), SOURCE_SHA);
                assertThat(first.committed()).isTrue();
                assertThat(first.changedFiles()).isEqualTo(1);
                assertThat(git.run(bare, "rev-parse", STATUS)).isEqualTo(first.head());
                assertThat(git.run(bare, "rev-list", "--count", STATUS)).as("orphan: no parents").isEqualTo("1");
                assertThat(git.run(bare, "log", "-1", "--format=%an <%ae>|%cn|%s", STATUS))
                        .isEqualTo("modeldeploy-bot <modeldeploy@localhost>|modeldeploy-bot|"
                                + "status: applied 0123456 (1 changed)");
                assertThat(git.run(bare, "show", STATUS + ":status/a.yaml")).isEqualTo("state: Ready");
                assertThat(git.run(bare, "rev-parse", "main")).as("watched branch untouched").isEqualTo(mainHead);

                PublishResult same = publisher.publish(Map.of("status/a.yaml", "state: Ready\n"), "fedcba9");
                assertThat(same.committed()).isFalse();
                assertThat(same.head()).isEqualTo(first.head());
                assertThat(git.run(bare, "rev-list", "--count", STATUS)).as("steady state: no commit").isEqualTo("1");

                PublishResult two = publisher.publish(Map.of("status/a.yaml", "state: Failed\n",
                        "status/b.yaml", "state: Processing\n"), SOURCE_SHA);
                assertThat(two.changedFiles()).isEqualTo(2);
                assertThat(git.run(bare, "log", "-1", "--format=%s", STATUS))
                        .isEqualTo("status: applied 0123456 (2 changed)");

                PublishResult removal = publisher.publish(Map.of("status/b.yaml", "state: Processing\n"), SOURCE_SHA);
                assertThat(removal.changedFiles()).as("a.yaml disappeared").isEqualTo(1);
                assertThat(git.run(bare, "ls-tree", "-r", "--name-only", STATUS)).isEqualTo("status/b.yaml");
                assertThat(git.run(bare, "rev-parse", STATUS + "^")).isEqualTo(two.head());
            }
        }
    }

    @Test
    void readsBackWhatTheStatusBranchHoldsEvenFromAFreshCache() throws Exception {
        GitSource source = GitSource.of(bare.toString(), "main", temp.resolve("cache"));
        try (StatusPublisher publisher = new StatusPublisher(source)) {
            assertThat(publisher.read()).as("no status branch yet").isEmpty();
            publisher.publish(Map.of("status/a.yaml", "state: Ready\n", "status/route-r.yaml", "rollout:\n  step: 2\n"), SOURCE_SHA);
        }
        Path human = temp.resolve("human");
        git.run(temp, "clone", "--quiet", "--branch", STATUS, bare.toString(), human.toString());
        git.commitFile(human, "README.md", "not status\n", "readme");
        git.push(human, STATUS);

        GitSource restarted = GitSource.of(bare.toString(), "main", temp.resolve("other-cache"));
        try (StatusPublisher publisher = new StatusPublisher(restarted)) {
            assertThat(publisher.read()).isEqualTo(Map.of("status/a.yaml", "state: Ready\n", "status/route-r.yaml", "rollout:\n  step: 2\n"));
        }
    }

    @Test
    void keepsFilesOthersCommittedOutsideTheStatusFolder() throws Exception {
        GitSource source = GitSource.of(bare.toString(), "main", temp.resolve("cache"));
        try (StatusPublisher publisher = new StatusPublisher(source)) {
            publisher.publish(Map.of("status/a.yaml", "v1\n"), SOURCE_SHA);
            Path human = temp.resolve("human");
            git.run(temp, "clone", "--quiet", "--branch", STATUS, bare.toString(), human.toString());
            String note = git.commitFile(human, "README.md", "status lives here\n", "readme");
            git.push(human, STATUS);

            PublishResult result = publisher.publish(Map.of("status/a.yaml", "v2\n"), SOURCE_SHA);
            assertThat(result.committed()).isTrue();
            assertThat(git.run(bare, "rev-parse", STATUS + "^")).isEqualTo(note);
            assertThat(git.run(bare, "ls-tree", "-r", "--name-only", STATUS)).isEqualTo("README.md\nstatus/a.yaml");
        }
    }

    @Test
    void sharesOneMirrorWithTheWatcherWhichNeverSeesStatusCommits() throws Exception {
        GitSource source = GitSource.of(bare.toString(), "main", temp.resolve("cache"));
        try (LocalMirror mirror = LocalMirror.open(source, System::getenv)) {
            try (RepositoryWatcher watcher = new RepositoryWatcher(mirror, Clock.systemUTC());
                 StatusPublisher publisher = new StatusPublisher(mirror, StatusOptions.defaults())) {
                assertThat(watcher.poll()).get().extracting(Snapshot::commit).isEqualTo(mainHead);
                PublishResult result = publisher.publish(Map.of("status/a.yaml", "state: Ready\n"), mainHead);
                assertThat(result.committed()).isTrue();

                assertThat(watcher.poll()).as("a status commit is not a change to watch").isEmpty();
                assertThat(git.run(mirror.directory(), "rev-parse", LocalMirror.trackingRef(STATUS)))
                        .as("the status branch lives in the watcher's repository").isEqualTo(result.head());
                assertThat(git.run(mirror.directory(), "rev-parse", LocalMirror.trackingRef("main")))
                        .isEqualTo(mainHead);
                assertThat(git.run(bare, "rev-parse", "main")).as("watched branch untouched").isEqualTo(mainHead);
                assertThatThrownBy(() -> new StatusPublisher(mirror, StatusOptions.defaults().withStatusBranch("main")))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            try (Stream<Path> entries = Files.list(temp.resolve("cache"))) {
                assertThat(entries.filter(p -> p.getFileName().toString().endsWith(".git")))
                        .as("one local repository").containsExactly(mirror.directory());
            }
            assertThat(mirror.remoteBranches()).as("closing its users leaves the mirror open")
                    .containsKeys("refs/heads/main", "refs/heads/" + STATUS);
        }
    }

    @Test
    void neverWritesTheWatchedBranch() {
        GitSource source = GitSource.of(bare.toString(), "main", temp.resolve("cache"));
        assertThatThrownBy(() -> new StatusPublisher(source, StatusOptions.defaults().withStatusBranch("main"),
                System::getenv))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("watched branch");
        GitSource watchingStatus = GitSource.of(bare.toString(), STATUS, temp.resolve("cache"));
        assertThatThrownBy(() -> new StatusPublisher(watchingStatus)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesFilesOutsideTheStatusFolder() {
        GitSource source = GitSource.of(bare.toString(), "main", temp.resolve("cache"));
        try (StatusPublisher publisher = new StatusPublisher(source)) {
            assertThatThrownBy(() -> publisher.publish(Map.of("deployments/a.yaml", "x"), SOURCE_SHA))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status/");
            assertThatThrownBy(() -> publisher.publish(Map.of("status/../main.yaml", "x"), SOURCE_SHA))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /**
     * The publisher and a person using the git client push to the status branch at the same time through the same
     * git daemon. Nobody's commit may be lost: every pushed commit of both sides ends up in the final history.
     */
    @Test
    void racingPushesFromTheGitClientAreNeverLost() throws Exception {
        int rounds = 6;
        try (GitDaemon daemon = GitDaemon.start(base)) {
            GitSource source = GitSource.of(daemon.url("models.git"), "main", temp.resolve("cache"));
            StatusOptions options = StatusOptions.defaults().withRetries(40,
                    new Backoff(Duration.ofMillis(5), Duration.ofMillis(100), 2.0, 0.5, new Random(7)));
            List<String> published = new CopyOnWriteArrayList<>();
            List<String> pushedByHand = new CopyOnWriteArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try (StatusPublisher publisher = new StatusPublisher(source, options, System::getenv)) {
                published.add(publisher.publish(Map.of("status/a.yaml", "version: -1\n"), SOURCE_SHA).head());
                Path human = temp.resolve("human");
                git.run(temp, "clone", "--quiet", "--branch", STATUS, daemon.url("models.git"), human.toString());

                Future<?> bot = threads.submit(() -> {
                    start.await();
                    for (int version = 0; version < rounds; version++) {
                        PublishResult result = publisher.publish(
                                Map.of("status/a.yaml", "version: " + version + "\n"), SOURCE_SHA);
                        assertThat(result.committed()).isTrue();
                        published.add(result.head());
                    }
                    return null;
                });
                Future<?> person = threads.submit(() -> {
                    start.await();
                    for (int note = 0; note < rounds; note++) {
                        git.commitFile(human, "notes/" + note + ".txt", "note " + note + "\n", "note " + note);
                        pushedByHand.add(pushWithRebase(human));
                    }
                    return null;
                });
                start.countDown();
                bot.get(50, TimeUnit.SECONDS);
                person.get(50, TimeUnit.SECONDS);
            } finally {
                threads.shutdownNow();
            }

            String finalHead = git.run(bare, "rev-parse", STATUS);
            for (String commit : published) {
                assertThat(git.tryRun(bare, "merge-base", "--is-ancestor", commit, finalHead).ok())
                        .as("published status commit %s is in history", commit).isTrue();
            }
            for (String commit : pushedByHand) {
                assertThat(git.tryRun(bare, "merge-base", "--is-ancestor", commit, finalHead).ok())
                        .as("commit %s pushed with git is in history", commit).isTrue();
            }
            assertThat(published).hasSize(rounds + 1);
            assertThat(pushedByHand).hasSize(rounds);
            assertThat(git.run(bare, "show", finalHead + ":status/a.yaml")).isEqualTo("version: " + (rounds - 1));
            assertThat(git.run(bare, "ls-tree", "-r", "--name-only", finalHead, "notes/").split("\n"))
                    .hasSize(rounds);
            assertThat(git.run(bare, "rev-parse", "main")).isEqualTo(mainHead);
        }
    }

    /** What a person does when the push is rejected: pull --rebase and push again. Returns the pushed commit. */
    private String pushWithRebase(Path work) {
        for (int attempt = 0; attempt < 40; attempt++) {
            if (git.tryRun(work, "push", "--quiet", "origin", "HEAD:refs/heads/" + STATUS).ok()) {
                return git.run(work, "rev-parse", "HEAD");
            }
            git.run(work, "pull", "--quiet", "--rebase", "origin", STATUS);
        }
        throw new AssertionError("git push kept failing");
    }
}
