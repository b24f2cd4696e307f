package dev.modeldeploy.auth;

import java.util.Set;

/** auth.enabled: false: every request is let through, as the start-up log says. */
public final class OpenAccess implements RequestAuthenticator {

    @Override
    public AuthDecision check(String authorization, Role needed) {
        return AuthDecision.allow("anonymous", Set.of());
    }

    @Override
    public String startupMessage() {
        return "authentication is OFF (auth.enabled: false): anyone who can reach this port can read the API "
                + "and pages, trigger a sync and send feedback; set auth.enabled: true with jwksUrl or jwksFile "
                + "to require JWTs";
    }

    @Override
    public boolean enabled() {
        return false;
    }
}
