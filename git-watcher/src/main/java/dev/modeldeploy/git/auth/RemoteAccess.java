package dev.modeldeploy.git.auth;

import dev.modeldeploy.git.GitFetchException;
import dev.modeldeploy.git.GitFetchException.Category;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Everything needed to talk to one remote: its URL, credentials, SSH session set-up, timeout, and the scrubber that
 * keeps secrets out of what is reported.
 *
 * <p>Secrets are read from their files or variables on every {@link #configure} call, so rotated credentials take
 * effect without a restart. SSH uses JGit's Apache MINA transport with a home and ssh directory owned by this object
 * (the user's {@code ~/.ssh}, its config file and any SSH agent are never consulted), only the configured private key,
 * and strict checking against the configured known_hosts file.
 *
 * <p>One instance serves one caller at a time (the host-key rejection it reports belongs to the last operation).
 * Close it to release the SSH client.
 */
public final class RemoteAccess implements AutoCloseable {

    /** How the remote is reached. */
    public enum Protocol { HTTP, SSH, GIT, LOCAL }

    private static final String DEFAULT_USERNAME = "git";

    private final URIish uri;
    private final Protocol protocol;
    private final GitCredentials credentials;
    private final Duration timeout;
    private final Path sshHome;
    private final SecretScrubber scrubber = new SecretScrubber();
    private final SecretReader secrets;
    private final KnownHostsDatabase knownHosts;
    private SshdSessionFactory sshSessionFactory;

    private RemoteAccess(URIish uri, Protocol protocol, GitCredentials credentials, Duration timeout, Path sshHome,
                         Function<String, String> environment) {
        this.uri = uri;
        this.protocol = protocol;
        this.credentials = credentials;
        this.timeout = timeout;
        this.sshHome = sshHome;
        this.secrets = new SecretReader(environment, scrubber);
        this.knownHosts = protocol == Protocol.SSH ? new KnownHostsDatabase(credentials.knownHostsFile()) : null;
    }

    /**
     * Prepares access to {@code url}.
     *
     * @param url         any URL form {@link dev.modeldeploy.git.GitSource} accepts; must not contain a password
     * @param credentials where the secrets are
     * @param timeout     transport timeout (at least one second)
     * @param sshHome     a private directory used as the SSH home; created when SSH is used
     * @param environment environment variable lookup ({@code System::getenv} in production)
     * @throws IllegalArgumentException when the URL cannot be parsed or embeds a password (the message is scrubbed)
     */
    public static RemoteAccess open(String url, GitCredentials credentials, Duration timeout, Path sshHome,
                                    Function<String, String> environment) {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(sshHome, "sshHome");
        Objects.requireNonNull(environment, "environment");
        URIish parsed = parse(url);
        if (parsed.getPass() != null) {
            throw new IllegalArgumentException("repository URL " + new SecretScrubber().scrub(parsed.toString())
                    + " embeds a password; use tokenFile/tokenEnv or passwordFile/passwordEnv instead");
        }
        Protocol protocol = protocolOf(parsed);
        URIish effective = switch (protocol) {
            case SSH -> parsed.setUser(firstNonNull(parsed.getUser(), credentials.username(), DEFAULT_USERNAME));
            case LOCAL -> localUri(parsed);
            default -> parsed;
        };
        return new RemoteAccess(effective, protocol, credentials, timeout, sshHome, environment);
    }

    /** The URL handed to JGit (for SSH with the user filled in, plain paths made absolute). */
    public String url() {
        return uri.toString();
    }

    public URIish uri() {
        return uri;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** The URL as it may appear in logs and messages. */
    public String displayUrl() {
        return scrubber.scrub(uri.toString());
    }

    public SecretScrubber scrubber() {
        return scrubber;
    }

    /**
     * Applies timeout, credentials and SSH session factory to a JGit command (ls-remote, fetch, push...).
     *
     * @throws GitFetchException (AUTH_FAILED) when a configured secret cannot be read
     */
    public <C extends TransportCommand<C, ?>> C configure(C command) throws GitFetchException {
        beginOperation();
        command.setTimeout(timeoutSeconds());
        Optional<CredentialsProvider> provider = httpCredentials();
        provider.ifPresent(command::setCredentialsProvider);
        if (protocol == Protocol.SSH) {
            SshdSessionFactory factory = sshSessionFactory();
            command.setTransportConfigCallback(transport -> {
                if (transport instanceof SshTransport ssh) {
                    ssh.setSshSessionFactory(factory);
                }
            });
        }
        return command;
    }

    /**
     * Opens a transport from {@code local} to this remote, configured like {@link #configure}. The caller closes it.
     */
    public Transport openTransport(Repository local) throws GitFetchException {
        beginOperation();
        Optional<CredentialsProvider> provider = httpCredentials();
        try {
            Transport transport = Transport.open(local, uri);
            transport.setTimeout(timeoutSeconds());
            provider.ifPresent(transport::setCredentialsProvider);
            if (transport instanceof SshTransport ssh) {
                ssh.setSshSessionFactory(sshSessionFactory());
            }
            return transport;
        } catch (Exception e) {
            throw failure("connect to", e);
        }
    }

    /**
     * A secret-free exception for a failed operation: category from the error (or from a refused host key), message
     * {@code "<operation> <url>: <what happened>: <details>"}, scrubbed cause chain.
     */
    public GitFetchException failure(String operation, Throwable error) {
        if (error instanceof GitFetchException alreadyMapped) {
            return alreadyMapped;
        }
        KnownHostsDatabase.Rejection rejection = knownHosts == null ? null : knownHosts.takeRejection();
        Category category = rejection != null ? Category.HOST_KEY_REJECTED : FailureClassifier.classify(error);
        String detail = rejection != null ? rejection.describe()
                : FailureClassifier.describe(error).replace(uri + ": ", ""); // JGit repeats the URL
        String message = operation + " " + uri + ": " + summary(category) + ": " + detail;
        return new GitFetchException(category, scrubber.scrub(message), scrubber.scrubbedCopy(error));
    }

    /** A secret-free exception for a condition found by the caller rather than thrown by JGit. */
    public GitFetchException failure(Category category, String operation, String detail) {
        return new GitFetchException(category,
                scrubber.scrub(operation + " " + uri + ": " + summary(category) + ": " + detail));
    }

    @Override
    public synchronized void close() {
        if (sshSessionFactory != null) {
            sshSessionFactory.close();
            sshSessionFactory = null;
        }
    }

    private void beginOperation() {
        if (knownHosts != null) {
            knownHosts.clearRejection();
        }
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
    }

    private Optional<CredentialsProvider> httpCredentials() throws GitFetchException {
        if (protocol != Protocol.HTTP) {
            return Optional.empty();
        }
        Optional<String> secret = secrets.read("token", credentials.tokenFile(), credentials.tokenEnv());
        if (secret.isEmpty()) {
            secret = secrets.read("password", credentials.passwordFile(), credentials.passwordEnv());
        }
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        String username = firstNonNull(credentials.username(), uri.getUser(), DEFAULT_USERNAME);
        scrubber.addBasicCredentials(username, secret.get());
        return Optional.of(new UsernamePasswordCredentialsProvider(username, secret.get()));
    }

    private synchronized SshdSessionFactory sshSessionFactory() throws GitFetchException {
        if (sshSessionFactory == null) {
            Path sshDir = sshHome.resolve(".ssh");
            try {
                Files.createDirectories(sshDir);
            } catch (IOException e) {
                throw new GitFetchException(Category.OTHER, "cannot create SSH home " + sshHome + ": " + e);
            }
            Path key = credentials.sshKeyFile();
            if (key != null && !Files.isReadable(key)) {
                throw new GitFetchException(Category.AUTH_FAILED,
                        "credentials: sshKeyFile " + key + " does not exist or is not readable");
            }
            Path knownHostsFile = credentials.knownHostsFile();
            sshSessionFactory = new SshdSessionFactoryBuilder()
                    .setHomeDirectory(sshHome.toFile())
                    .setSshDirectory(sshDir.toFile())
                    // No ~/.ssh/config: host, port, user and key come from our configuration only.
                    .setConfigStoreFactory((homeDir, configFile, localUser) -> null)
                    .setDefaultIdentities(dir -> key == null ? List.of() : List.of(key.toAbsolutePath()))
                    .setDefaultKnownHostsFiles(dir -> knownHostsFile == null ? List.of() : List.of(knownHostsFile))
                    .setServerKeyDatabase((home, dir) -> knownHosts)
                    .setPreferredAuthentications("publickey")
                    .build(null);
        }
        return sshSessionFactory;
    }

    private static URIish parse(String url) {
        try {
            return new URIish(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("repository URL " + new SecretScrubber().scrub(url)
                    + " cannot be parsed: " + new SecretScrubber().scrub(e.getReason()));
        }
    }

    static Protocol protocolOf(URIish uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "http", "https" -> Protocol.HTTP;
            case "ssh", "ssh+git", "git+ssh" -> Protocol.SSH;
            case "git" -> Protocol.GIT;
            case "file" -> Protocol.LOCAL;
            case "" -> uri.getHost() != null ? Protocol.SSH : Protocol.LOCAL;
            default -> throw new IllegalArgumentException("repository URL scheme '" + scheme
                    + "' is not supported (use https, ssh, git, file or a plain path)");
        };
    }

    private static URIish localUri(URIish parsed) {
        if (parsed.getScheme() != null) {
            return parsed;
        }
        return new URIish().setPath(Path.of(parsed.getPath()).toAbsolutePath().normalize().toString());
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String summary(Category category) {
        return switch (category) {
            case UNREACHABLE -> "remote unreachable";
            case AUTH_FAILED -> "credentials rejected";
            case NOT_FOUND -> "not found";
            case HOST_KEY_REJECTED -> "SSH host key rejected";
            case OTHER -> "failed";
        };
    }
}
