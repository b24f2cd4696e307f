package dev.modeldeploy.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Expiry, not-before, issuer and audience, with a bounded clock skew; messages are fit to show the caller. */
final class ClaimsCheck implements JWTClaimsSetVerifier<SecurityContext> {

    static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);

    private final String issuer;
    private final String audience;
    private final Clock clock;

    ClaimsCheck(String issuer, String audience, Clock clock) {
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        Instant now = clock.instant();
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw new BadJWTException("token has no expiry (exp)");
        }
        if (now.isAfter(expiry.toInstant().plus(MAX_CLOCK_SKEW))) {
            throw new BadJWTException("token expired at " + expiry.toInstant());
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.isBefore(notBefore.toInstant().minus(MAX_CLOCK_SKEW))) {
            throw new BadJWTException("token is not valid before " + notBefore.toInstant());
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw new BadJWTException("token issuer is not the accepted issuer " + issuer);
        }
        List<String> audiences = claims.getAudience();
        if (audience != null && (audiences == null || !audiences.contains(audience))) {
            throw new BadJWTException("token audience does not include " + audience);
        }
    }
}
