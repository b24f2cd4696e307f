package dev.modeldeploy.plan;

/**
 * The plan cannot be made (unreachable repository, unknown ref, unreadable settings, cluster not answering). The
 * message says what and where, is meant for the user as is, and never holds a credential.
 */
public final class PlanException extends Exception {
    public PlanException(String message) {
        super(message);
    }

    public PlanException(String message, Throwable scrubbedCause) {
        super(message, scrubbedCause);
    }
}
