/**
 * Polling the watched branch: {@link dev.modeldeploy.git.poll.RepositoryWatcher#poll()} asks the remote for the branch
 * head, fetches into the shared local mirror only when it moved, and checks the manifests folder out into an immutable
 * {@link dev.modeldeploy.git.poll.Snapshot} directory, together with the last commit that changed each file.
 */
package dev.modeldeploy.git.poll;
