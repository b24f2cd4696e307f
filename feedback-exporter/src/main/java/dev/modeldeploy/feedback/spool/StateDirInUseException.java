package dev.modeldeploy.feedback.spool;

import java.io.IOException;
import java.nio.file.Path;

/** Another process (a running collector or exporter) holds the state directory. */
public final class StateDirInUseException extends IOException {
    public StateDirInUseException(Path dir) {
        super("state directory " + dir + " is in use by another modeldeploy feedback process;"
                + " stop it first, or let the running collector export on its own schedule");
    }
}
