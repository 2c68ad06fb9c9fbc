package dev.colloquy.infra.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token settings. The secret has no default: only the demo ({@code default}) profile ships one, and any
 * secret shorter than 32 bytes (the HS256 minimum) stops the application at start-up.
 */
@ConfigurationProperties("colloquy.auth")
public record AuthProperties(String jwtSecret, @DefaultValue("colloquy") String issuer,
                             @DefaultValue("colloquy-api") String audience,
                             @DefaultValue("30m") Duration accessTokenTtl,
                             @DefaultValue("60s") Duration clockSkew,
                             List<DemoUser> demoUsers) {

    public AuthProperties {
        if (jwtSecret == null || jwtSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("colloquy.auth.jwt-secret (COLLOQUY_JWT_SECRET) must be set to at "
                    + "least 32 bytes");
        }
        if (accessTokenTtl.compareTo(Duration.ofMinutes(60)) > 0) {
            throw new IllegalStateException("colloquy.auth.access-token-ttl must not exceed 60 minutes");
        }
        demoUsers = demoUsers == null ? List.of() : List.copyOf(demoUsers);
    }

    /** A user of the demo profile; replaced by real accounts in a later release. */
    public record DemoUser(String username, String password, String tenant, List<String> roles) {
    }
}
