package dev.modeldeploy.git.status;

/**
 * What a {@link StatusPublisher#publish} call did.
 *
 * @param committed    whether a new commit was pushed (false: the branch already held exactly these files)
 * @param head         the status branch head afterwards (the new commit, or the unchanged head; null if the branch
 *                     does not exist and nothing needed committing)
 * @param changedFiles files added, modified or removed by the commit (0 when not committed)
 * @param attempts     push attempts made (more than 1 when the branch moved concurrently)
 */
public record PublishResult(boolean committed, String head, int changedFiles, int attempts) {
}
