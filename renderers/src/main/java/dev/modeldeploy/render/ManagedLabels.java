package dev.modeldeploy.render;

/** The labels and annotations by which modeldeploy recognises, and only ever touches, its own objects. */
public final class ManagedLabels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "modeldeploy";
    public static final String DEPLOYMENT_ID = "modeldeploy.dev/deployment-id";
    public static final String ROUTE_ID = "modeldeploy.dev/route-id";
    /** Which modeldeploy install applied the object; each install lists, heals and prunes only its own. */
    public static final String INSTANCE = "modeldeploy.dev/instance";
    public static final String SOURCE_FILE = "modeldeploy.dev/source-file";
    /** The last commit that changed the source file, so an unrelated commit does not rewrite every object. */
    public static final String SOURCE_COMMIT = "modeldeploy.dev/source-commit";
    /** On a route's VirtualService: its rollout state as JSON, so a restart can resume it from the live object too. */
    public static final String ROLLOUT = "modeldeploy.dev/rollout";

    private ManagedLabels() {
    }
}
