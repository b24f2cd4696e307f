package dev.modeldeploy.cli.client;

/** A failure to report to the user in one message saying what to do; exitCode 1 (failure) or 2 (usage). */
public class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(String message) {
        this(message, 1);
    }

    public CliException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
