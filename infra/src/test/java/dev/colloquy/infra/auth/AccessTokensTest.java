package dev.colloquy.infra.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokensTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final KeyPair KEY_A = rsa();
    static final KeyPair KEY_B = rsa();

    static AuthProperties hs256() {
        return properties(SECRET, List.of(), null, Duration.ofMinutes(30));
    }

    static AuthProperties rs256(String activeKid, KeyPair... keys) {
        List<AuthProperties.SigningKey> signing = new java.util.ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            signing.add(new AuthProperties.SigningKey(keys[i] == KEY_A ? "key-a" : "key-b", pem(keys[i])));
        }
        return properties(null, signing, activeKid, Duration.ofMinutes(30));
    }

    private static AuthProperties properties(String secret, List<AuthProperties.SigningKey> keys, String activeKid,
                                             Duration accessTtl) {
        return new AuthProperties(secret, keys, activeKid, null, "colloquy", "colloquy-api", accessTtl, Duration.ofDays(7),
                Duration.ofSeconds(60), 4, new AuthProperties.Lockout(5, Duration.ofMinutes(15)), 20, Duration.ofSeconds(30));
    }

    @Test
    void anAccessTokenNamesItsUserTenantAndSession() {
        AccessTokens tokens = at(hs256(), NOW);
        String token = tokens.issueAccess("u1", "acme", List.of("member"), "pro", "s1");

        var claims = tokens.verifyAccess(token).orElseThrow();

        assertThat(claims.userId()).isEqualTo("u1");
        assertThat(claims.tenantId()).isEqualTo("acme");
        assertThat(claims.sessionId()).isEqualTo("s1");
    }

    @Test
    void expiredTokensAreRefusedAfterTheClockSkew() {
        String token = at(hs256(), NOW).issueAccess("u1", "acme", List.of("member"), "pro", "s1");

        assertThat(at(hs256(), NOW.plus(Duration.ofMinutes(30)).plusSeconds(59)).verifyAccess(token)).isPresent();
        assertThat(at(hs256(), NOW.plus(Duration.ofMinutes(30)).plusSeconds(61)).verifyAccess(token)).isEmpty();
    }

    @Test
    void aTokenVerifiedBeforeIsStillRefusedOnceItExpired() {
        Instant[] now = {NOW};
        Clock moving = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        AccessTokens tokens = new AccessTokens(hs256(), moving);
        String token = tokens.issueAccess("u1", "acme", List.of("member"), "pro", "s1");
        assertThat(tokens.verifyAccess(token)).isPresent();

        now[0] = NOW.plus(Duration.ofMinutes(31)).plusSeconds(1);

        assertThat(tokens.verifyAccess(token)).isEmpty();
    }

    @Test
    void aRefreshTokenIsNeverAnAccessTokenNorTheOtherWayRound() {
        AccessTokens tokens = at(hs256(), NOW);
        String refresh = tokens.issueRefresh("u1", "s1", "r1");
        String access = tokens.issueAccess("u1", "acme", List.of("member"), "pro", "s1");

        assertThat(tokens.verifyAccess(refresh)).isEmpty();
        assertThat(tokens.verifyRefresh(access)).isEmpty();
        assertThat(tokens.verifyRefresh(refresh)).hasValueSatisfying(c -> assertThat(c.refreshId()).isEqualTo("r1"));
    }

    @Test
    void tokensWithAnotherIssuerAudienceTypeKeyOrNoSignatureAreRefused() {
        var key = Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8));
        var otherKey = Keys.hmacShaKeyFor("another-secret-that-is-long-enough-000".getBytes(StandardCharsets.UTF_8));
        AccessTokens tokens = at(hs256(), NOW);

        assertThat(tokens.verifyAccess(hmac(key, "someone-else", "colloquy-api", "access"))).isEmpty();
        assertThat(tokens.verifyAccess(hmac(key, "colloquy", "other-api", "access"))).isEmpty();
        assertThat(tokens.verifyAccess(hmac(key, "colloquy", "colloquy-api", "refresh"))).isEmpty();
        assertThat(tokens.verifyAccess(hmac(otherKey, "colloquy", "colloquy-api", "access"))).isEmpty();
        assertThat(tokens.verifyAccess(unsigned())).isEmpty();
        assertThat(tokens.verifyAccess("not a token")).isEmpty();
        assertThat(tokens.verifyAccess(hmac(key, "colloquy", "colloquy-api", "access"))).isPresent();
    }

    @Test
    void withTwoKeysLiveTokensOfTheRetiringKeyStillVerifyAfterRotation() {
        String beforeRotation = at(rs256("key-a", KEY_A), NOW).issueAccess("u1", "acme", List.of(), "pro", "s1");
        AccessTokens rotated = at(rs256("key-b", KEY_A, KEY_B), NOW);
        String afterRotation = rotated.issueAccess("u1", "acme", List.of(), "pro", "s1");

        assertThat(rotated.verifyAccess(beforeRotation)).isPresent();
        assertThat(rotated.verifyAccess(afterRotation)).isPresent();
        assertThat(at(rs256("key-a", KEY_A), NOW).verifyAccess(afterRotation))
                .as("a token naming a key the verifier does not know").isEmpty();
        assertThat(rotated.publicJwks()).extracting(jwk -> jwk.getId()).containsExactly("key-a", "key-b");
    }

    @Test
    void anRs256VerifierRefusesAlgorithmConfusionAndMissingKid() {
        AccessTokens tokens = at(rs256("key-a", KEY_A), NOW);
        // HS256 signed with the public key as the secret: the classic confusion attack
        var publicAsSecret = Keys.hmacShaKeyFor(KEY_A.getPublic().getEncoded());
        String confused = Jwts.builder().header().keyId("key-a").and().subject("u1").issuer("colloquy")
                .audience().add("colloquy-api").and().expiration(Date.from(NOW.plusSeconds(600)))
                .claim("tenant", "acme").claim("sid", "s1").claim("type", "access")
                .signWith(publicAsSecret, Jwts.SIG.HS256).compact();
        String noKid = Jwts.builder().subject("u1").issuer("colloquy").audience().add("colloquy-api").and()
                .expiration(Date.from(NOW.plusSeconds(600))).claim("tenant", "acme").claim("sid", "s1")
                .claim("type", "access").signWith(KEY_A.getPrivate(), Jwts.SIG.RS256).compact();

        assertThat(tokens.verifyAccess(confused)).isEmpty();
        assertThat(tokens.verifyAccess(noKid)).isEmpty();
        assertThat(tokens.verifyAccess(unsigned())).isEmpty();
    }

    @Test
    void badSettingsStopTheApplication() {
        assertThatThrownBy(() -> properties("too-short", List.of(), null, Duration.ofMinutes(30)))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> properties(null, List.of(), null, Duration.ofMinutes(30)))
                .hasMessageContaining("generated-key-file");
        assertThatThrownBy(() -> properties(SECRET, List.of(), null, Duration.ofMinutes(61)))
                .hasMessageContaining("60 minutes");
        assertThatThrownBy(() -> rs256("key-c", KEY_A)).hasMessageContaining("active-kid");
    }

    @Test
    void aTokenIssuedInTheFutureOrLivingLongerThanColloquyIssuesIsRefused() {
        var key = Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8));
        AccessTokens tokens = at(hs256(), NOW);

        assertThat(tokens.verifyAccess(minted(key, NOW.plusSeconds(55), NOW.plusSeconds(600))))
                .as("within the clock skew").isPresent();
        assertThat(tokens.verifyAccess(minted(key, NOW.plusSeconds(120), NOW.plusSeconds(600))))
                .as("issued two minutes from now").isEmpty();
        assertThat(tokens.verifyAccess(minted(key, NOW, NOW.plus(Duration.ofDays(365)))))
                .as("a year-long access token").isEmpty();
        assertThat(tokens.verifyAccess(minted(key, null, NOW.plusSeconds(600)))).as("no iat").isEmpty();
        String notYet = Jwts.builder().subject("u1").issuer("colloquy").audience().add("colloquy-api").and()
                .issuedAt(Date.from(NOW)).notBefore(Date.from(NOW.plusSeconds(300)))
                .expiration(Date.from(NOW.plusSeconds(600))).claim("tenant", "acme").claim("sid", "s1")
                .claim("type", "access").signWith(key, Jwts.SIG.HS256).compact();
        assertThat(tokens.verifyAccess(notYet)).as("nbf five minutes from now").isEmpty();
    }

    @Test
    void anInstallationWithoutConfiguredKeysMakesItsOwnKeyReadableByItsOwnerOnly(@TempDir Path home)
            throws Exception {
        Path file = home.resolve("state/signing-key.pem");
        AuthProperties generated = new AuthProperties(null, List.of(), null, file, "colloquy", "colloquy-api",
                Duration.ofMinutes(30), Duration.ofDays(7), Duration.ofSeconds(60), 4,
                new AuthProperties.Lockout(5, Duration.ofMinutes(15)), 20,
                Duration.ofSeconds(30));
        String token = at(generated, NOW).issueAccess("u1", "acme", List.of(), "pro", "s1");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(at(generated, NOW).verifyAccess(token)).as("the next start reads the same key").isPresent();
        assertThat(at(generated, NOW).verifyAccess(token + "x")).as("the signature spelled another way").isEmpty();
        assertThat(at(rs256("key-a", KEY_A), NOW).verifyAccess(token)).isEmpty();
        assertThat(at(generated, NOW).publicJwks()).hasSize(1);
    }

    private static String minted(javax.crypto.SecretKey key, Instant issuedAt, Instant expiresAt) {
        return Jwts.builder().subject("u1").issuer("colloquy").audience().add("colloquy-api").and()
                .issuedAt(issuedAt == null ? null : Date.from(issuedAt)).expiration(Date.from(expiresAt))
                .claim("tenant", "acme").claim("sid", "s1").claim("type", "access")
                .signWith(key, Jwts.SIG.HS256).compact();
    }

    private static AccessTokens at(AuthProperties properties, Instant instant) {
        return new AccessTokens(properties, Clock.fixed(instant, ZoneOffset.UTC));
    }

    private static String hmac(javax.crypto.SecretKey key, String issuer, String audience, String type) {
        return Jwts.builder().subject("u1").issuer(issuer).audience().add(audience).and()
                .issuedAt(Date.from(NOW)).expiration(Date.from(NOW.plusSeconds(600)))
                .claim("tenant", "acme").claim("sid", "s1").claim("type", type)
                .signWith(key, Jwts.SIG.HS256).compact();
    }

    /** {@code alg: none}, built by hand as an attacker would. */
    private static String unsigned() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = b64.encodeToString(("{\"sub\":\"u1\",\"iss\":\"colloquy\",\"aud\":\"colloquy-api\",\"exp\":"
                + NOW.plusSeconds(600).getEpochSecond() + ",\"tenant\":\"acme\",\"sid\":\"s1\",\"type\":\"access\"}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + body + ".";
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
