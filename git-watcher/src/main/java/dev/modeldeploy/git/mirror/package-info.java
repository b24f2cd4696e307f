/**
 * The one local copy of the watched remote: {@link dev.modeldeploy.git.mirror.LocalMirror} owns the bare repository,
 * the remote access and the lock that the watcher and the status publisher share.
 */
package dev.modeldeploy.git.mirror;
