package dev.modeldeploy.git.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modeldeploy.git.testing.GitCli;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastChangeFinderTest {

    @TempDir
    Path temp;

    @Test
    void boundedWalkAttributesUnresolvedFilesToTheOldestCommitReached() throws Exception {
        GitCli git = new GitCli(temp.resolve("home"));
        Path work = temp.resolve("work");
        java.nio.file.Files.createDirectories(work);
        git.run(work, "init", "--quiet", "--initial-branch=main", ".");
        String old = git.commitFile(work, "old.yaml", "o\n", "old");
        String c2 = git.commitFile(work, "a.yaml", "a\n", "a");
        git.commitFile(work, "b.yaml", "b\n", "b");
        String head = git.commitFile(work, "c.yaml", "c\n", "c");

        try (Repository repository = new FileRepositoryBuilder().setGitDir(work.resolve(".git").toFile()).build()) {
            Map<String, ObjectId> unbounded = LastChangeFinder.find(repository, ObjectId.fromString(head),
                    Set.of("old.yaml", "c.yaml"), 100);
            assertThat(unbounded.get("old.yaml").name()).isEqualTo(old);
            assertThat(unbounded.get("c.yaml").name()).isEqualTo(head);

            Map<String, ObjectId> bounded = LastChangeFinder.find(repository, ObjectId.fromString(head),
                    Set.of("old.yaml", "c.yaml"), 2);
            assertThat(bounded.get("c.yaml").name()).isEqualTo(head);
            assertThat(bounded.get("old.yaml").name()).as("walk stopped after 2 commits: the file had this content at " + c2)
                    .isEqualTo(c2);
        }
    }
}
