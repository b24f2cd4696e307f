package dev.modeldeploy.render;

/** A manifest that cannot be turned into cluster objects; jsonPath points at the field to fix, like validation does. */
public final class RenderException extends RuntimeException {
    private final String jsonPath;

    public RenderException(String jsonPath, String message) {
        super(message);
        this.jsonPath = jsonPath;
    }

    public String jsonPath() {
        return jsonPath;
    }
}
