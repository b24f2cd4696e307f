package dev.modeldeploy.feedback.collect;

/** A request the collector refuses with 400; the message names what is wrong. */
final class BadRequestException extends Exception {
    BadRequestException(String message) {
        super(message);
    }
}
