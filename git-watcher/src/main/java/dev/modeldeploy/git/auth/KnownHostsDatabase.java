package dev.modeldeploy.git.auth;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strict host key checking against one known_hosts file: a server is accepted only if the file lists exactly the key
 * it presents. Unknown hosts and changed keys are refused, never added, and the reason is kept so the caller can say
 * which host and which file.
 */
final class KnownHostsDatabase implements ServerKeyDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(KnownHostsDatabase.class);
    private static final int DEFAULT_SSH_PORT = 22;

    /** Why a host key was refused. */
    enum Reason { NO_KNOWN_HOSTS_FILE, UNKNOWN_HOST, CHANGED_KEY, REVOKED_KEY }

    /** A refused host key, described for an operator. */
    record Rejection(String host, Path knownHostsFile, Reason reason, String offeredFingerprint) {
        String describe() {
            return switch (reason) {
                case NO_KNOWN_HOSTS_FILE -> "host key of " + host + " (" + offeredFingerprint
                        + ") cannot be verified: no knownHostsFile is configured; refusing to connect";
                case UNKNOWN_HOST -> "host key of " + host + " (" + offeredFingerprint + ") is unknown: " + host
                        + " is not listed in known_hosts file " + knownHostsFile + "; refusing to connect";
                case CHANGED_KEY -> "host key of " + host + " (" + offeredFingerprint
                        + ") does not match the key listed in known_hosts file " + knownHostsFile
                        + " (the host key changed, or someone is intercepting the connection); refusing to connect";
                case REVOKED_KEY -> "host key of " + host + " (" + offeredFingerprint
                        + ") is marked @revoked in known_hosts file " + knownHostsFile + "; refusing to connect";
            };
        }
    }

    private final Path knownHostsFile;
    private final AtomicReference<Rejection> lastRejection = new AtomicReference<>();

    KnownHostsDatabase(Path knownHostsFile) {
        this.knownHostsFile = knownHostsFile;
    }

    /** The rejection since the last call, if any; clears it. */
    Rejection takeRejection() {
        return lastRejection.getAndSet(null);
    }

    void clearRejection() {
        lastRejection.set(null);
    }

    @Override
    public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
        return keysFor(connectAddress, false);
    }

    @Override
    public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
                          Configuration config, CredentialsProvider provider) {
        String fingerprint = KeyUtils.getFingerPrint(serverKey);
        if (knownHostsFile == null) {
            return reject(new Rejection(connectAddress, null, Reason.NO_KNOWN_HOSTS_FILE, fingerprint));
        }
        if (keysFor(connectAddress, true).stream().anyMatch(key -> KeyUtils.compareKeys(key, serverKey))) {
            return reject(new Rejection(connectAddress, knownHostsFile, Reason.REVOKED_KEY, fingerprint));
        }
        List<PublicKey> known = keysFor(connectAddress, false);
        if (known.stream().anyMatch(key -> KeyUtils.compareKeys(key, serverKey))) {
            return true;
        }
        Reason reason = known.isEmpty() ? Reason.UNKNOWN_HOST : Reason.CHANGED_KEY;
        return reject(new Rejection(connectAddress, knownHostsFile, reason, fingerprint));
    }

    private boolean reject(Rejection rejection) {
        lastRejection.set(rejection);
        LOG.warn("SSH {}", rejection.describe());
        return false;
    }

    private List<PublicKey> keysFor(String connectAddress, boolean revoked) {
        if (knownHostsFile == null || !Files.isRegularFile(knownHostsFile)) {
            return List.of();
        }
        HostAndPort target = HostAndPort.parse(connectAddress);
        List<PublicKey> keys = new ArrayList<>();
        try {
            for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(knownHostsFile)) {
                String marker = entry.getMarker();
                boolean isRevoked = "revoked".equalsIgnoreCase(marker);
                if (isRevoked != revoked || (marker != null && !isRevoked)) {
                    continue; // @cert-authority lines: host certificates are not supported
                }
                if (entry.getKeyEntry() == null || !entry.isHostMatch(target.host(), target.port())) {
                    continue;
                }
                PublicKey key = entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                if (key != null) {
                    keys.add(key);
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.warn("SSH known_hosts file {} cannot be read: {}", knownHostsFile, e.toString());
        }
        return keys;
    }

    /** JGit names the server {@code host} on port 22 and {@code [host]:port} otherwise. */
    record HostAndPort(String host, int port) {
        static HostAndPort parse(String connectAddress) {
            if (connectAddress.startsWith("[")) {
                int close = connectAddress.indexOf(']');
                if (close > 0) {
                    String host = connectAddress.substring(1, close);
                    String rest = connectAddress.substring(close + 1);
                    int port = rest.startsWith(":") ? Integer.parseInt(rest.substring(1)) : DEFAULT_SSH_PORT;
                    return new HostAndPort(host, port);
                }
            }
            return new HostAndPort(connectAddress, DEFAULT_SSH_PORT);
        }
    }
}
