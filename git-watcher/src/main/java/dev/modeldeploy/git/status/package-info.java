/**
 * Status commit-backs: {@link dev.modeldeploy.git.status.StatusPublisher} writes the daemon's status files to a
 * separate branch of the watched repository, committing only real changes and never overwriting anyone's work.
 */
package dev.modeldeploy.git.status;
