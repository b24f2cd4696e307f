package dev.modeldeploy.git.auth;

import dev.modeldeploy.git.GitFetchException.Category;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;

/**
 * Sorts a JGit or transport failure into a {@link Category}. JGit reports most remote failures as a
 * {@code TransportException} whose only distinguishing feature is its message (or a network exception in its cause
 * chain), so this looks at both.
 */
final class FailureClassifier {

    private static final int MAX_DEPTH = 16;

    private static final List<String> AUTH_PHRASES = List.of(
            "not authorized", "authentication is required", "auth fail", "authentication failed",
            "no more authentication methods", "not permitted", "permission denied", "unauthorized");
    private static final List<String> NOT_FOUND_PHRASES = List.of(
            "repository not found", "not found", "does not appear to be a git repository", "no such repository",
            "not exported", "not a git repository");
    private static final List<String> UNREACHABLE_PHRASES = List.of(
            "connection refused", "connection reset", "timed out", "timeout", "unknown host", "no route to host",
            "network is unreachable", "broken pipe", "unexpected end of file", "premature eof",
            "closed by remote host", "connection closed", "session is closed", "channel is being closed");

    private FailureClassifier() {
    }

    static Category classify(Throwable error) {
        List<Throwable> chain = chain(error);
        for (Throwable t : chain) {
            if (t instanceof NoRemoteRepositoryException) {
                return Category.NOT_FOUND;
            }
        }
        String text = allMessages(chain).toLowerCase(Locale.ROOT);
        if (containsAny(text, AUTH_PHRASES)) {
            return Category.AUTH_FAILED;
        }
        for (Throwable t : chain) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof PortUnreachableException
                    || t instanceof SocketTimeoutException || t instanceof InterruptedIOException
                    || t instanceof UnresolvedAddressException) {
                return Category.UNREACHABLE;
            }
        }
        if (containsAny(text, UNREACHABLE_PHRASES)) {
            return Category.UNREACHABLE;
        }
        if (containsAny(text, NOT_FOUND_PHRASES)) {
            return Category.NOT_FOUND;
        }
        return Category.OTHER;
    }

    /** The distinct messages along the cause chain, outermost first, each not already contained in an earlier one. */
    static String describe(Throwable error) {
        List<String> parts = new ArrayList<>();
        for (Throwable t : chain(error)) {
            String message = t.getMessage();
            if (message == null || message.isBlank()) {
                message = t.getClass().getSimpleName();
            }
            String candidate = message.strip();
            if (parts.stream().noneMatch(p -> p.contains(candidate))) {
                parts.add(candidate);
            }
        }
        return String.join(": ", parts);
    }

    private static List<Throwable> chain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && chain.size() < MAX_DEPTH && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static String allMessages(List<Throwable> chain) {
        StringBuilder text = new StringBuilder();
        for (Throwable t : chain) {
            text.append(t.getClass().getSimpleName()).append(' ').append(t.getMessage()).append('\n');
        }
        return text.toString();
    }

    private static boolean containsAny(String text, List<String> phrases) {
        return phrases.stream().anyMatch(text::contains);
    }
}
