package dev.colloquy.infra.auth;

import dev.colloquy.kernel.Caller;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.springframework.stereotype.Component;

/** Issues and verifies HS256 access tokens (jjwt); issuer, audience, expiry and token type are all checked. */
@Component
public class AccessTokens {
    static final String TYPE_ACCESS = "access";

    private final AuthProperties properties;
    private final SecretKey key;
    private final Clock clock;
    private final JwtParser parser;
    /**
     * Tokens already verified, so a client's every request does not repeat the HMAC and JSON work (measured:
     * 77 → 96 turns/s at 64 streams, see docs/benchmarks.md). Expiry is still checked on every request, against
     * the same clock.
     */
    private final Cache<String, Verified> verified;

    public AccessTokens(AuthProperties properties, Clock clock) {
        this.properties = properties;
        this.key = Keys.hmacShaKeyFor(properties.jwtSecret().getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.parser = Jwts.parser()
                .verifyWith(key)
                .requireIssuer(properties.issuer())
                .requireAudience(properties.audience())
                .clockSkewSeconds(properties.clockSkew().toSeconds())
                .clock(() -> Date.from(clock.instant()))
                .build();
        this.verified = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(properties.accessTokenTtl().plus(properties.clockSkew())).build();
    }

    private record Verified(Caller caller, Instant usableUntil) {
    }

    public String issue(String userId, String tenant, List<String> roles) {
        Instant now = clock.instant();
        return Jwts.builder()
                .subject(userId)
                .issuer(properties.issuer())
                .audience().add(properties.audience()).and()
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(properties.accessTokenTtl())))
                .claim("tenant", tenant)
                .claim("roles", roles)
                .claim("type", TYPE_ACCESS)
                .signWith(key, Jwts.SIG.HS256)
                .compact();
    }

    public long ttlSeconds() {
        return properties.accessTokenTtl().toSeconds();
    }

    /** The caller a valid access token names; empty for anything else. */
    public Optional<Caller> verify(String token) {
        Verified known = verified.getIfPresent(token);
        if (known != null) {
            return clock.instant().isBefore(known.usableUntil()) ? Optional.of(known.caller()) : Optional.empty();
        }
        Optional<Verified> parsed = parse(token);
        parsed.ifPresent(v -> verified.put(token, v));
        return parsed.map(Verified::caller);
    }

    private Optional<Verified> parse(String token) {
        try {
            Claims claims = parser.parseSignedClaims(token).getPayload();
            String tenant = claims.get("tenant", String.class);
            if (!TYPE_ACCESS.equals(claims.get("type", String.class)) || tenant == null || claims.getSubject() == null) {
                return Optional.empty();
            }
            List<?> roles = claims.get("roles", List.class);
            HashSet<String> roleNames = new HashSet<>();
            if (roles != null) {
                roles.forEach(role -> roleNames.add(String.valueOf(role)));
            }
            Instant usableUntil = claims.getExpiration().toInstant().plus(properties.clockSkew());
            return Optional.of(new Verified(new Caller(tenant, claims.getSubject(), roleNames), usableUntil));
        } catch (JwtException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
