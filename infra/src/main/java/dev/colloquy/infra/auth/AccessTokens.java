package dev.colloquy.infra.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwk;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Issues and verifies Colloquy's JWTs (jjwt). Issuer, audience, expiry and not-before (with at most 60 s of
 * skew), issue time and lifetime, and the {@code type} claim are checked on every token, so a refresh token is
 * never accepted as an access token.
 * Whether the user and the sign-in are still allowed is a separate, per-request question (BearerAuthentication).
 */
@Component
public class AccessTokens {
    static final String ACCESS = "access";
    static final String REFRESH = "refresh";
    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final AuthProperties properties;
    private final SigningKeys keys;
    private final Clock clock;
    private final JwtParser parser;
    /**
     * Signatures already checked, so a client's every request does not repeat the RSA/HMAC and JSON work
     * (measured: 77 → 96 turns/s at 64 streams, see docs/benchmarks.md). Expiry is still checked each time.
     */
    private final Cache<String, AccessClaims> verified;

    public AccessTokens(AuthProperties properties, Clock clock) {
        this.properties = properties;
        this.keys = new SigningKeys(properties);
        this.clock = clock;
        this.parser = Jwts.parser()
                .keyLocator(keys.locator())
                .requireIssuer(properties.issuer())
                .requireAudience(properties.audience())
                .clockSkewSeconds(properties.clockSkew().toSeconds())
                .clock(() -> Date.from(clock.instant()))
                .build();
        this.verified = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(properties.accessTokenTtl().plus(properties.clockSkew())).build();
    }

    /** Who an access token names, and the sign-in session it belongs to. */
    public record AccessClaims(String userId, String tenantId, String sessionId, Instant usableUntil) {
    }

    public record RefreshClaims(String userId, String sessionId, String refreshId) {
    }

    public String issueAccess(String userId, String tenantId, List<String> roles, String plan, String sessionId) {
        return builder(userId, properties.accessTokenTtl().toSeconds())
                .claim("tenant", tenantId)
                .claim("roles", roles)
                .claim("plan", plan)
                .claim("sid", sessionId)
                .claim("type", ACCESS)
                .compact();
    }

    public String issueRefresh(String userId, String sessionId, String refreshId) {
        return builder(userId, properties.refreshTokenTtl().toSeconds())
                .id(refreshId)
                .claim("sid", sessionId)
                .claim("type", REFRESH)
                .compact();
    }

    private JwtBuilder builder(String subject, long ttlSeconds) {
        Instant now = clock.instant();
        JwtBuilder builder = Jwts.builder()
                .subject(subject)
                .issuer(properties.issuer())
                .audience().add(properties.audience()).and()
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plusSeconds(ttlSeconds)));
        if (keys.activeKid() != null) {
            builder.header().keyId(keys.activeKid());
        }
        return builder.signWith(keys.signingKey(), keys.algorithm());
    }

    public long accessTtlSeconds() {
        return properties.accessTokenTtl().toSeconds();
    }

    public long refreshTtlSeconds() {
        return properties.refreshTokenTtl().toSeconds();
    }

    public List<Jwk<?>> publicJwks() {
        return keys.publicJwks();
    }

    public Optional<AccessClaims> verifyAccess(String token) {
        AccessClaims known = verified.getIfPresent(token);
        if (known != null) {
            return clock.instant().isBefore(known.usableUntil()) ? Optional.of(known) : Optional.empty();
        }
        Optional<AccessClaims> parsed = claims(token, ACCESS).flatMap(claims -> {
            String tenant = claims.get("tenant", String.class);
            String session = claims.get("sid", String.class);
            if (tenant == null || session == null) {
                return Optional.empty();
            }
            Instant usableUntil = claims.getExpiration().toInstant().plus(properties.clockSkew());
            return Optional.of(new AccessClaims(claims.getSubject(), tenant, session, usableUntil));
        });
        parsed.ifPresent(claims -> verified.put(token, claims));
        return parsed;
    }

    public Optional<RefreshClaims> verifyRefresh(String token) {
        return claims(token, REFRESH).flatMap(claims -> {
            String session = claims.get("sid", String.class);
            return session == null || claims.getId() == null ? Optional.empty()
                    : Optional.of(new RefreshClaims(claims.getSubject(), session, claims.getId()));
        });
    }

    /**
     * Each part exactly as it was encoded: base64url decoders drop trailing bits, so {@code token + "x"} can decode
     * to the same signature, and a token is accepted only in the one spelling Colloquy issued.
     */
    private static boolean isCanonical(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            for (String part : parts) {
                if (!URL_ENCODER.encodeToString(URL_DECODER.decode(part)).equals(part)) {
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Issued now or before (within the clock skew), for no longer than Colloquy issues that type of token: a token
     * "issued" in the future or living for a year was not made here, whatever key signed it.
     */
    private boolean issuedPlausibly(Claims claims, String type) {
        if (claims.getIssuedAt() == null) {
            return false;
        }
        Instant issued = claims.getIssuedAt().toInstant();
        Duration lifetime = Duration.between(issued, claims.getExpiration().toInstant());
        Duration longest = ACCESS.equals(type) ? properties.accessTokenTtl() : properties.refreshTokenTtl();
        return !issued.isAfter(clock.instant().plus(properties.clockSkew())) && lifetime.compareTo(longest) <= 0;
    }

    private Optional<Claims> claims(String token, String type) {
        if (!isCanonical(token)) {
            return Optional.empty();
        }
        try {
            Claims claims = parser.parseSignedClaims(token).getPayload();
            boolean valid = type.equals(claims.get("type", String.class)) && claims.getSubject() != null
                    && claims.getExpiration() != null && issuedPlausibly(claims, type);
            return valid ? Optional.of(claims) : Optional.empty();
        } catch (JwtException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
