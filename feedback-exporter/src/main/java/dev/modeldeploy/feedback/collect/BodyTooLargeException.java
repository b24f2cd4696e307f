package dev.modeldeploy.feedback.collect;

/** The request body is over the collector's size limit. */
final class BodyTooLargeException extends Exception {
    BodyTooLargeException(long limit) {
        super("request body is larger than the limit of " + limit + " bytes");
    }
}
