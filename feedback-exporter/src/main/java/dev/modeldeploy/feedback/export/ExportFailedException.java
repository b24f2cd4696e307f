package dev.modeldeploy.feedback.export;

import java.io.IOException;

/** An export run stopped; what it had planned is kept and the next run finishes it. */
public final class ExportFailedException extends IOException {
    public ExportFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
