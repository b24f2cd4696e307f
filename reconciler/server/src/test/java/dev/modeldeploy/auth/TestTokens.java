package dev.modeldeploy.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** An RSA signing key and the tokens tests need, good and bad. */
public final class TestTokens {

    public static final String ISSUER = "https://idp.test/realms/ml";
    public static final String AUDIENCE = "modeldeploy";

    private final RSAKey key;

    public TestTokens(String kid) {
        try {
            key = new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String jwksJson() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    public static String jwksJson(TestTokens... tokens) {
        return new JWKSet(Arrays.stream(tokens).<JWK>map(t -> t.key.toPublicJWK()).toList()).toString();
    }

    public String kid() {
        return key.getKeyID();
    }

    public JWTClaimsSet.Builder claims(String... roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject("alice")
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("realm_access", Map.of("roles", List.of(roles)));
    }

    public String viewer() {
        return sign(claims("modeldeploy-viewer").build());
    }

    public String admin() {
        return sign(claims("modeldeploy-admin").build());
    }

    public String sign(JWTClaimsSet claims) {
        return signWith(key, key.getKeyID(), claims);
    }

    /** Signed by this key but claiming another key's kid: a forged signature from the verifier's view. */
    public String signAs(String kid, JWTClaimsSet claims) {
        return signWith(key, kid, claims);
    }

    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    public static String hs256(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new MACSigner("0123456789abcdef0123456789abcdef0123456789abcdef"));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signWith(RSAKey key, String kid, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
