package dev.modeldeploy.render.settings;

/** A cluster settings file that cannot be used; the message names the file, the place when known, and the field. */
public final class ClusterSettingsException extends RuntimeException {
    public ClusterSettingsException(String message, Throwable cause) {
        super(message, cause);
    }

    public ClusterSettingsException(String message) {
        super(message);
    }
}
