package dev.modeldeploy.render;

/** The manifest an object was rendered from: kind is ModelDeployment or ModelRoute. */
public record Owner(String kind, String id) {
    @Override
    public String toString() {
        return kind + "/" + id;
    }
}
