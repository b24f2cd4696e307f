package dev.modeldeploy.auth;

/** What a request needs: reading cluster state, or changing what the daemon does (admin implies viewer). */
public enum Role {
    VIEWER, ADMIN
}
