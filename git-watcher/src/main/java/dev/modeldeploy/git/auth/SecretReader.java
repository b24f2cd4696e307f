package dev.modeldeploy.git.auth;

import dev.modeldeploy.git.GitFetchException;
import dev.modeldeploy.git.GitFetchException.Category;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a secret from a file or an environment variable, as named in the configuration. Errors name the file or
 * variable and the configuration key, never the value. Every value read is registered with the scrubber.
 */
public final class SecretReader {

    private final Function<String, String> environment;
    private final SecretScrubber scrubber;

    /**
     * @param environment looks up environment variables ({@code System::getenv} in production)
     * @param scrubber    learns every secret read
     */
    public SecretReader(Function<String, String> environment, SecretScrubber scrubber) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.scrubber = Objects.requireNonNull(scrubber, "scrubber");
    }

    /**
     * The secret from {@code file} or else {@code envName}; empty when neither is configured.
     *
     * @param what the configuration key family for messages, e.g. {@code token} (gives {@code tokenFile}/{@code tokenEnv})
     * @throws GitFetchException (AUTH_FAILED) when the configured source is missing, unreadable or empty
     */
    public Optional<String> read(String what, Path file, String envName) throws GitFetchException {
        if (file != null) {
            return Optional.of(fromFile(what, file));
        }
        if (envName != null) {
            return Optional.of(fromEnvironment(what, envName));
        }
        return Optional.empty();
    }

    private String fromFile(String what, Path file) throws GitFetchException {
        String value;
        try {
            value = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new GitFetchException(Category.AUTH_FAILED,
                    "credentials: " + what + "File " + file + " does not exist");
        } catch (IOException e) {
            throw new GitFetchException(Category.AUTH_FAILED,
                    "credentials: " + what + "File " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return checked(value.strip(), what + "File " + file);
    }

    private String fromEnvironment(String what, String envName) throws GitFetchException {
        String value = environment.apply(envName);
        if (value == null) {
            throw new GitFetchException(Category.AUTH_FAILED,
                    "credentials: environment variable " + envName + " named by " + what + "Env is not set");
        }
        return checked(value.strip(), "environment variable " + envName + " (" + what + "Env)");
    }

    private String checked(String value, String source) throws GitFetchException {
        if (value.isEmpty()) {
            throw new GitFetchException(Category.AUTH_FAILED, "credentials: " + source + " is empty");
        }
        if (value.length() < SecretScrubber.MIN_SECRET_LENGTH) {
            // Too short to mask reliably in messages, and too short to be a real credential.
            throw new GitFetchException(Category.AUTH_FAILED, "credentials: " + source + " holds a value shorter than "
                    + SecretScrubber.MIN_SECRET_LENGTH + " characters");
        }
        scrubber.addSecret(value);
        return value;
    }
}
