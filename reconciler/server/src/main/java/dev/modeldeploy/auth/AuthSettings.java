package dev.modeldeploy.auth;

/**
 * The {@code auth:} section of the daemon configuration. Exactly one of jwksUrl and jwksFile names the signing
 * keys when enabled; issuer and audience are checked when set.
 */
public record AuthSettings(
        boolean enabled,
        String jwksUrl,
        String jwksFile,
        String issuer,
        String audience,
        String rolesClaim,
        String viewerRole,
        String adminRole) {

    public static final String DEFAULT_ROLES_CLAIM = "realm_access.roles";
    public static final String DEFAULT_VIEWER_ROLE = "modeldeploy-viewer";
    public static final String DEFAULT_ADMIN_ROLE = "modeldeploy-admin";

    public AuthSettings {
        jwksUrl = blankToNull(jwksUrl);
        jwksFile = blankToNull(jwksFile);
        issuer = blankToNull(issuer);
        audience = blankToNull(audience);
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? DEFAULT_ROLES_CLAIM : rolesClaim;
        viewerRole = viewerRole == null || viewerRole.isBlank() ? DEFAULT_VIEWER_ROLE : viewerRole;
        adminRole = adminRole == null || adminRole.isBlank() ? DEFAULT_ADMIN_ROLE : adminRole;
    }

    public static AuthSettings disabled() {
        return new AuthSettings(false, null, null, null, null, null, null, null);
    }

    /** Settings that verify tokens against keys at a JWKS URL, with the default roles claim and role names. */
    public static AuthSettings withJwksUrl(String jwksUrl, String issuer, String audience) {
        return new AuthSettings(true, jwksUrl, null, issuer, audience, null, null, null);
    }

    public static AuthSettings withJwksFile(String jwksFile, String issuer, String audience) {
        return new AuthSettings(true, null, jwksFile, issuer, audience, null, null, null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
