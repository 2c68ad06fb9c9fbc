package dev.colloquy.infra.auth;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys tokens are signed and verified with. In RS256 mode a token names its key ({@code kid}); a token
 * naming an unknown key fails, and a token without one, or with another algorithm ({@code none}, HS256 with
 * the public key as secret), never verifies because each key is bound to its algorithm.
 */
final class SigningKeys {
    private final String activeKid;
    private final Key signingKey;
    private final SecureDigestAlgorithm<? super Key, ?> algorithm;
    private final Map<String, RSAPublicKey> publicKeys = new LinkedHashMap<>();
    private final Key hmacKey;

    @SuppressWarnings("unchecked")
    SigningKeys(AuthProperties properties) {
        List<AuthProperties.SigningKey> configured = properties.signingKeys();
        String activeKid = properties.activeKid();
        if (configured.isEmpty() && properties.jwtSecret() == null) {
            AuthProperties.SigningKey local = LocalSigningKey.loadOrCreate(properties.generatedKeyFile());
            configured = List.of(local);
            activeKid = local.kid();
        }
        if (configured.isEmpty()) {
            hmacKey = Keys.hmacShaKeyFor(properties.jwtSecret().getBytes(StandardCharsets.UTF_8));
            signingKey = hmacKey;
            this.activeKid = null;
            algorithm = (SecureDigestAlgorithm<? super Key, ?>) (Object) Jwts.SIG.HS256;
            return;
        }
        hmacKey = null;
        PrivateKey active = null;
        for (AuthProperties.SigningKey key : configured) {
            RSAPrivateCrtKey privateKey = parse(key);
            publicKeys.put(key.kid(), publicHalf(privateKey));
            if (key.kid().equals(activeKid)) {
                active = privateKey;
            }
        }
        this.activeKid = activeKid;
        signingKey = active;
        algorithm = (SecureDigestAlgorithm<? super Key, ?>) (Object) Jwts.SIG.RS256;
    }

    String activeKid() {
        return activeKid;
    }

    Key signingKey() {
        return signingKey;
    }

    SecureDigestAlgorithm<? super Key, ?> algorithm() {
        return algorithm;
    }

    /** Finds the verification key for a token's header; RS256 tokens must say which key signed them. */
    LocatorAdapter<Key> locator() {
        return new LocatorAdapter<>() {
            @Override
            protected Key locate(ProtectedHeader header) {
                if (hmacKey != null) {
                    return "HS256".equals(header.getAlgorithm()) ? hmacKey : null;
                }
                if (!"RS256".equals(header.getAlgorithm()) || header.getKeyId() == null) {
                    return null;
                }
                return publicKeys.get(header.getKeyId());
            }
        };
    }

    /** The JWK set published for other services (and JOSE libraries) to verify Colloquy's tokens. */
    List<Jwk<?>> publicJwks() {
        return publicKeys.entrySet().stream()
                .<Jwk<?>>map(entry -> Jwks.builder().key(entry.getValue()).id(entry.getKey())
                        .algorithm("RS256").publicKeyUse("sig").build())
                .toList();
    }

    private static RSAPrivateCrtKey parse(AuthProperties.SigningKey configured) {
        String base64 = configured.privateKey().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            if (!(key instanceof RSAPrivateCrtKey crt) || crt.getModulus().bitLength() < 2048) {
                throw new IllegalStateException("signing key " + configured.kid()
                        + " must be an RSA key of >= 2048 bits");
            }
            return crt;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("signing key " + configured.kid() + " is not a PKCS#8 PEM RSA key", e);
        }
    }

    private static RSAPublicKey publicHalf(RSAPrivateCrtKey key) {
        try {
            BigInteger modulus = key.getModulus();
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(modulus, key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
