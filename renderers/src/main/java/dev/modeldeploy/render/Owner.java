package dev.modeldeploy.render;

/** The manifest an object was rendered from. */
public record Owner(OwnerKind kind, String id) {
    @Override
    public String toString() {
        return kind.manifestKind() + "/" + id;
    }
}
