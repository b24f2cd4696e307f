package dev.modeldeploy.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer JWTs signed with RS256 by keys from a JWKS URL (cached; fetched again when a token names an unknown key)
 * or a JWKS file. Roles come from a claim path like {@code realm_access.roles}.
 */
public final class JwtAuthenticator implements RequestAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);
    private static final String BEARER = "bearer ";

    private final AuthSettings settings;
    private final String keysFrom;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public JwtAuthenticator(AuthSettings settings, JWKSource<SecurityContext> keys, String keysFrom, Clock clock) {
        this.settings = settings;
        this.keysFrom = keysFrom;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWTClaimsSetVerifier(new ClaimsCheck(settings.issuer(), settings.audience(), clock));
    }

    public static JwtAuthenticator create(AuthSettings settings) {
        if (settings.jwksUrl() != null) {
            try {
                JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(URI.create(settings.jwksUrl()).toURL())
                        .retrying(true)
                        .build();
                return new JwtAuthenticator(settings, keys, settings.jwksUrl(), Clock.systemUTC());
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("auth.jwksUrl is not a URL: " + settings.jwksUrl(), e);
            }
        }
        if (settings.jwksFile() != null) {
            return new JwtAuthenticator(settings, new JwksFileSource(Path.of(settings.jwksFile())),
                    settings.jwksFile(), Clock.systemUTC());
        }
        throw new IllegalArgumentException("auth.enabled is true but neither auth.jwksUrl nor auth.jwksFile is set");
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public String startupMessage() {
        return "authentication is ON: bearer JWTs (RS256) verified with keys from " + keysFrom
                + ", issuer " + orAny(settings.issuer()) + ", audience " + orAny(settings.audience())
                + ", roles from claim " + settings.rolesClaim()
                + " (read: " + settings.viewerRole() + ", sync: " + settings.adminRole() + ")";
    }

    @Override
    public AuthDecision check(String authorization, Role needed) {
        if (authorization == null || authorization.isBlank()) {
            return AuthDecision.unauthorized("invalid_request",
                    "no bearer token: send the header Authorization: Bearer <JWT>");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return AuthDecision.unauthorized("invalid_request",
                    "the Authorization header is not a bearer token: send Authorization: Bearer <JWT>");
        }
        String token = authorization.substring(BEARER.length()).trim();
        JWTClaimsSet claims;
        try {
            claims = verify(token);
        } catch (Rejected rejected) {
            return AuthDecision.unauthorized("invalid_token", rejected.getMessage());
        } catch (JOSEException e) {
            LOG.warn("cannot verify a bearer token because the signing keys from {} are unavailable: {}",
                    keysFrom, e.getMessage());
            return AuthDecision.unavailable("cannot verify the token now: the signing keys are unavailable");
        }
        Set<String> roles = roles(claims);
        String subject = claims.getSubject() == null ? "unknown subject" : claims.getSubject();
        String role = needed == Role.ADMIN ? settings.adminRole() : settings.viewerRole();
        boolean granted = roles.contains(settings.adminRole()) || (needed == Role.VIEWER && roles.contains(role));
        if (!granted) {
            return AuthDecision.forbidden(subject, roles, "the token lacks the role " + role
                    + " (roles are read from the claim " + settings.rolesClaim() + ")");
        }
        return AuthDecision.allow(subject, roles);
    }

    private JWTClaimsSet verify(String token) throws Rejected, JOSEException {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new Rejected("the bearer token is not a well-formed JWT");
        }
        if (jwt instanceof PlainJWT) {
            throw new Rejected("unsigned tokens (alg none) are not accepted; RS256 is required");
        }
        if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
            throw new Rejected("encrypted tokens are not accepted; send an RS256-signed JWT");
        }
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        if (!JWSAlgorithm.RS256.equals(alg)) {
            throw new Rejected("token algorithm " + alg + " is not accepted; RS256 is required");
        }
        try {
            return processor.process(signed, null);
        } catch (BadJWTException e) {
            // Our ClaimsCheck wrote these messages (or nimbus's fixed ones); none holds the token.
            throw new Rejected(e.getMessage());
        } catch (BadJWSException e) {
            throw new Rejected("token signature is invalid");
        } catch (BadJOSEException e) {
            String reason = String.valueOf(e.getMessage());
            if (reason.contains("no matching key")) {
                throw new Rejected("token is signed by a key this server does not know (kid not in the key set)");
            }
            // nimbus's remaining messages (e.g. a typ header not allowed) are fixed texts, never the token.
            throw new Rejected("token rejected: " + reason);
        }
    }

    private Set<String> roles(JWTClaimsSet claims) {
        Object node = claims.getClaims();
        for (String step : settings.rolesClaim().split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return Set.of();
            }
            node = map.get(step);
        }
        Set<String> roles = new LinkedHashSet<>();
        if (node instanceof Collection<?> values) {
            values.forEach(v -> roles.add(String.valueOf(v)));
        } else if (node instanceof String text) {
            Arrays.stream(text.split("[\\s,]+")).filter(s -> !s.isEmpty()).forEach(roles::add);
        }
        return roles;
    }

    private static String orAny(String value) {
        return value == null ? "(any)" : value;
    }

    private static final class Rejected extends Exception {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }
}
