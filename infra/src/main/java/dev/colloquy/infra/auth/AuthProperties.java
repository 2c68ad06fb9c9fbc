package dev.colloquy.infra.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token and login settings. Tokens are signed with RS256 when {@code signing-keys} are configured (the key
 * named {@code active-kid} signs; the others still verify, which is how keys rotate), else with HS256 and
 * {@code jwt-secret}, else with an RS256 key this installation made at first start and keeps in
 * {@code generated-key-file} (the demo profile's choice). Nothing here has a secret default.
 * {@code sign-ins-per-minute} bounds the sign-in attempts from one client address, whatever usernames they try
 * (the lockout protects one account; this, all of them from one source); 0 turns it off.
 */
@ConfigurationProperties("colloquy.auth")
public record AuthProperties(String jwtSecret, List<SigningKey> signingKeys, String activeKid, Path generatedKeyFile,
                             @DefaultValue("colloquy") String issuer,
                             @DefaultValue("colloquy-api") String audience,
                             @DefaultValue("30m") Duration accessTokenTtl,
                             @DefaultValue("7d") Duration refreshTokenTtl,
                             @DefaultValue("60s") Duration clockSkew,
                             @DefaultValue("10") int bcryptStrength,
                             @DefaultValue Lockout lockout,
                             @DefaultValue("20") int signInsPerMinute,
                             @DefaultValue("30s") Duration accountCacheMaxAge) {

    public AuthProperties {
        signingKeys = signingKeys == null ? List.of() : List.copyOf(signingKeys);
        if (signingKeys.isEmpty() && jwtSecret == null && generatedKeyFile == null) {
            throw new IllegalStateException("configure colloquy.auth.signing-keys (RS256), a colloquy.auth.jwt-secret"
                    + " (COLLOQUY_AUTH_JWT_SECRET, HS256) or a colloquy.auth.generated-key-file for a key made here");
        }
        if (signingKeys.isEmpty() && jwtSecret != null && jwtSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("colloquy.auth.jwt-secret must have at least 32 bytes");
        }
        if (!signingKeys.isEmpty() && signingKeys.stream().noneMatch(key -> key.kid().equals(activeKid))) {
            throw new IllegalStateException("colloquy.auth.active-kid must name one of the signing keys");
        }
        if (accessTokenTtl.compareTo(Duration.ofMinutes(60)) > 0) {
            throw new IllegalStateException("colloquy.auth.access-token-ttl must not exceed 60 minutes");
        }
        if (clockSkew.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalStateException("colloquy.auth.clock-skew must not exceed 60 seconds");
        }
    }

    /** An RSA private key (PKCS#8 PEM); its public half is derived and published at /.well-known/jwks.json. */
    public record SigningKey(String kid, String privateKey) {
    }

    /** {@code maxFailures} attempts at one username from one client address, coming back over {@code lockFor}. */
    public record Lockout(@DefaultValue("5") int maxFailures, @DefaultValue("15m") Duration lockFor) {
    }
}
