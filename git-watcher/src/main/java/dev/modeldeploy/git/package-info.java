/**
 * The Git side of modeldeploy: watching the manifests repository, verifying push webhooks, and committing status
 * back.
 *
 * <ul>
 *   <li>{@link dev.modeldeploy.git.GitSource} describes the watched repository; {@link dev.modeldeploy.git.auth}
 *       turns its credential references into a configured transport;</li>
 *   <li>{@link dev.modeldeploy.git.mirror.LocalMirror} is the one local copy of the remote, shared by the watcher
 *       and the status publisher;</li>
 *   <li>{@link dev.modeldeploy.git.poll.RepositoryWatcher} polls the branch and hands out
 *       {@link dev.modeldeploy.git.poll.Snapshot}s;</li>
 *   <li>{@link dev.modeldeploy.git.webhook} verifies push notifications and coalesces reconcile requests;</li>
 *   <li>{@link dev.modeldeploy.git.status.StatusPublisher} commits status files to a separate branch.</li>
 * </ul>
 *
 * Every failure talking to a remote surfaces as a {@link dev.modeldeploy.git.GitFetchException} whose message has been
 * scrubbed of credentials; {@link dev.modeldeploy.git.Backoff} spaces out retries.
 */
package dev.modeldeploy.git;
