package dev.modeldeploy.git.auth;

import java.nio.file.Path;

/**
 * References to the secrets used to reach a remote. Nothing here is a secret itself: tokens and passwords are read
 * from the named file or environment variable when needed. For each secret set at most one of file and variable.
 *
 * @param username       user for HTTPS (default {@code git}) and SSH (default: the URL's user, else {@code git})
 * @param tokenFile      file holding an HTTPS access token (trailing newline ignored)
 * @param tokenEnv       environment variable holding an HTTPS access token
 * @param passwordFile   file holding an HTTPS password
 * @param passwordEnv    environment variable holding an HTTPS password
 * @param sshKeyFile     private key for SSH (OpenSSH or PEM format, unencrypted)
 * @param knownHostsFile known_hosts file the SSH host key must be listed in
 */
public record GitCredentials(String username, Path tokenFile, String tokenEnv, Path passwordFile, String passwordEnv,
                             Path sshKeyFile, Path knownHostsFile) {

    public GitCredentials {
        username = blankToNull(username);
        tokenEnv = blankToNull(tokenEnv);
        passwordEnv = blankToNull(passwordEnv);
        if (tokenFile != null && tokenEnv != null) {
            throw new IllegalArgumentException("git credentials: set tokenFile or tokenEnv, not both");
        }
        if (passwordFile != null && passwordEnv != null) {
            throw new IllegalArgumentException("git credentials: set passwordFile or passwordEnv, not both");
        }
        boolean hasToken = tokenFile != null || tokenEnv != null;
        boolean hasPassword = passwordFile != null || passwordEnv != null;
        if (hasToken && hasPassword) {
            throw new IllegalArgumentException("git credentials: set a token or a password, not both");
        }
    }

    /** No credentials: anonymous HTTPS, git://, local paths. */
    public static GitCredentials none() {
        return new GitCredentials(null, null, null, null, null, null, null);
    }

    public static GitCredentials tokenFile(String username, Path tokenFile) {
        return new GitCredentials(username, tokenFile, null, null, null, null, null);
    }

    public static GitCredentials tokenEnv(String username, String tokenEnv) {
        return new GitCredentials(username, null, tokenEnv, null, null, null, null);
    }

    public static GitCredentials passwordFile(String username, Path passwordFile) {
        return new GitCredentials(username, null, null, passwordFile, null, null, null);
    }

    public static GitCredentials ssh(String username, Path sshKeyFile, Path knownHostsFile) {
        return new GitCredentials(username, null, null, null, null, sshKeyFile, knownHostsFile);
    }

    /** Whether an HTTPS secret (token or password) is configured. */
    public boolean hasHttpSecret() {
        return tokenFile != null || tokenEnv != null || passwordFile != null || passwordEnv != null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
