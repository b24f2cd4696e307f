/**
 * Credentials and transport set-up for talking to a Git remote.
 *
 * <p>{@link dev.modeldeploy.git.auth.GitCredentials} only <em>names</em> where secrets live (files or environment
 * variables); {@link dev.modeldeploy.git.auth.RemoteAccess} reads them at each operation (so rotated secrets are picked
 * up), configures JGit commands and transports (HTTP basic credentials, the Apache MINA SSH session with a fixed key and
 * known_hosts file, timeouts), and turns failures into secret-free
 * {@link dev.modeldeploy.git.GitFetchException}s through a {@link dev.modeldeploy.git.auth.SecretScrubber}.
 */
package dev.modeldeploy.git.auth;
