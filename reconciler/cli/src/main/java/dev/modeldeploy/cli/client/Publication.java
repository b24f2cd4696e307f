package dev.modeldeploy.cli.client;

import java.util.List;

/**
 * A change pushed to Git: the commit (null when there was nothing to commit), the branch it went to, the ids it
 * touched, and the clone (kept open so a --wait can tell whether a later commit includes this one).
 */
record Publication(String commit, String branch, boolean toWatchedBranch, List<String> ids, ManifestRepository repository)
        implements AutoCloseable {

    @Override
    public void close() {
        repository.close();
    }
}
