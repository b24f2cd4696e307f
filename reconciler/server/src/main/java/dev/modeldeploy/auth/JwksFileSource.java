package dev.modeldeploy.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.util.List;

/**
 * Signing keys from a JWKS file, as mounted from a Kubernetes Secret. The file is read again when a token names
 * a key the cached set lacks and the file has changed since, so rotated keys are picked up without a restart.
 */
final class JwksFileSource implements JWKSource<SecurityContext> {

    private final Path file;
    private JWKSet keys;
    private FileTime loadedAt;

    JwksFileSource(Path file) {
        this.file = file;
    }

    @Override
    public synchronized List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        if (keys == null) {
            load();
        }
        List<JWK> matches = selector.select(keys);
        if (matches.isEmpty() && changedSinceLoad()) {
            load();
            matches = selector.select(keys);
        }
        return matches;
    }

    private boolean changedSinceLoad() throws KeySourceException {
        try {
            return !Files.getLastModifiedTime(file).equals(loadedAt);
        } catch (IOException e) {
            throw new KeySourceException("cannot read JWKS file " + file + ": " + e.getMessage(), e);
        }
    }

    private void load() throws KeySourceException {
        try {
            loadedAt = Files.getLastModifiedTime(file);
            keys = JWKSet.parse(Files.readString(file));
        } catch (IOException | ParseException e) {
            throw new KeySourceException("cannot read JWKS file " + file + ": " + e.getMessage(), e);
        }
    }
}
