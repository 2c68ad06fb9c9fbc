package dev.colloquy.infra.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTokensTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private final AuthProperties properties = new AuthProperties(SECRET, "colloquy", "colloquy-api",
            Duration.ofMinutes(30), Duration.ofSeconds(60), List.of());

    @Test
    void anIssuedTokenNamesItsCaller() {
        AccessTokens tokens = at(NOW);
        String token = tokens.issue("alice@acme.test", "acme", List.of("member"));

        var caller = tokens.verify(token).orElseThrow();

        assertThat(caller.tenantId()).isEqualTo("acme");
        assertThat(caller.userId()).isEqualTo("alice@acme.test");
        assertThat(caller.roles()).containsExactly("member");
    }

    @Test
    void expiredTokensAreRefusedAfterTheClockSkew() {
        String token = at(NOW).issue("alice@acme.test", "acme", List.of("member"));

        assertThat(at(NOW.plus(Duration.ofMinutes(30)).plusSeconds(59)).verify(token)).isPresent();
        assertThat(at(NOW.plus(Duration.ofMinutes(30)).plusSeconds(61)).verify(token)).isEmpty();
    }

    @Test
    void aTokenVerifiedBeforeIsStillRefusedOnceItExpired() {
        Instant[] now = {NOW};
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        AccessTokens tokens = new AccessTokens(properties, moving);
        String token = tokens.issue("alice@acme.test", "acme", List.of("member"));
        assertThat(tokens.verify(token)).isPresent();

        now[0] = NOW.plus(Duration.ofMinutes(31)).plusSeconds(1);

        assertThat(tokens.verify(token)).isEmpty();
    }

    @Test
    void tokensWithAnotherIssuerAudienceTypeOrKeyAreRefused() {
        var key = Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8));
        var otherKey = Keys.hmacShaKeyFor("another-secret-that-is-long-enough-000".getBytes(StandardCharsets.UTF_8));
        AccessTokens tokens = at(NOW);

        assertThat(tokens.verify(token(key, "someone-else", "colloquy-api", "access"))).isEmpty();
        assertThat(tokens.verify(token(key, "colloquy", "other-api", "access"))).isEmpty();
        assertThat(tokens.verify(token(key, "colloquy", "colloquy-api", "refresh"))).isEmpty();
        assertThat(tokens.verify(token(otherKey, "colloquy", "colloquy-api", "access"))).isEmpty();
        assertThat(tokens.verify(token(key, "colloquy", "colloquy-api", "access"))).isPresent();
        assertThat(tokens.verify("not a token")).isEmpty();
    }

    @Test
    void aSecretShorterThan32BytesOrALongTokenLifetimeStopsTheApplication() {
        assertThatThrownBy(() -> new AuthProperties("too-short", "colloquy", "colloquy-api", Duration.ofMinutes(30),
                Duration.ofSeconds(60), List.of())).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new AuthProperties(null, "colloquy", "colloquy-api", Duration.ofMinutes(30),
                Duration.ofSeconds(60), List.of())).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new AuthProperties(SECRET, "colloquy", "colloquy-api", Duration.ofMinutes(61),
                Duration.ofSeconds(60), List.of())).hasMessageContaining("60 minutes");
    }

    private AccessTokens at(Instant instant) {
        return new AccessTokens(properties, Clock.fixed(instant, ZoneOffset.UTC));
    }

    private static String token(javax.crypto.SecretKey key, String issuer, String audience, String type) {
        return Jwts.builder().subject("alice@acme.test").issuer(issuer).audience().add(audience).and()
                .issuedAt(Date.from(NOW)).expiration(Date.from(NOW.plusSeconds(600)))
                .claim("tenant", "acme").claim("roles", List.of("member")).claim("type", type)
                .signWith(key, Jwts.SIG.HS256).compact();
    }
}
