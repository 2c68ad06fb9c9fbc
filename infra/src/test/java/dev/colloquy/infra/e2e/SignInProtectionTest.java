package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.Jwts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What an attacker tries against sign-in and tokens: a forged X-Forwarded-For for a fresh budget, locking an
 * owner out of their account, and a token minted to be issued in the future. One node as installed (no proxy
 * configured), one behind a proxy on this host whose forwarded addresses it is told to believe.
 */
class SignInProtectionTest {
    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static ConfigurableApplicationContext plain;
    private static ConfigurableApplicationContext proxied;

    @BeforeAll
    static void boot() {
        plain = TestNode.boot(true, OPENAI, Map.of("colloquy.auth.sign-ins-per-minute", 3));
        proxied = TestNode.boot(false, OPENAI, Map.of("colloquy.auth.sign-ins-per-minute", 100,
                "server.forward-headers-strategy", "native",
                "server.tomcat.remoteip.internal-proxies", "127\\.0\\.0\\.1"));
    }

    @AfterAll
    static void stop() {
        proxied.close();
        plain.close();
        OPENAI.close();
    }

    @Test
    void aForgedForwardedAddressBuysNoFreshBudgetWhereNoProxyIsConfigured() {
        RawHttp http = new RawHttp(TestNode.port(plain));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(signIn(http, "203.0.113." + i, "guess-" + i + "@acme.test", "guess").status());
        }
        assertThat(statuses.subList(0, 3)).containsOnly(401);
        assertThat(statuses.subList(3, 6)).as("one address, however many it claims").containsOnly(429);
    }

    @Test
    void aStrangerWhoExhaustsTheAttemptsLocksOnlyThemselvesOut() {
        RawHttp http = new RawHttp(TestNode.port(proxied));
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(http, "203.0.113.99", "gus@globex.test", "wrong-" + i).status()).isEqualTo(401);
        }
        RawHttp.Reply stranger = signIn(http, "203.0.113.99", "gus@globex.test", "colloquy-demo");
        assertThat(stranger.status()).isEqualTo(429);
        assertThat(stranger.errorCode()).isEqualTo("ACCOUNT_LOCKED");

        assertThat(signIn(http, "198.51.100.7", "gus@globex.test", "colloquy-demo").status())
                .as("the owner, from their own address").isEqualTo(200);
    }

    @Test
    void aTokenIssuedInTheFutureIsRefusedThoughSignedWithTheInstallationsKey() throws Exception {
        RawHttp http = new RawHttp(TestNode.port(proxied));
        String token = signIn(http, "198.51.100.8", "alice@acme.test", "colloquy-demo").json()
                .path("access_token").asText();
        assertThat(http.send("GET", "/api/v1/usage/me", token, null, null).status()).isEqualTo(200);

        // The key every test node signs with, read as only someone on the host could.
        String pem = Files.readString(Path.of("target/test-signing-key.pem"));
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""))));
        String kid = Api.JSON.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0]))
                .path("kid").asText();
        String mintedNow = mint(key, kid, token, Instant.now());
        assertThat(http.send("GET", "/api/v1/usage/me", mintedNow, null, null).status())
                .as("minted the same way, issued now").isEqualTo(200);
        String fromTheFuture = mint(key, kid, token, Instant.now().plus(Duration.ofMinutes(10)));

        RawHttp.Reply refused = http.send("GET", "/api/v1/usage/me", fromTheFuture, null, null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
    }

    private static String mint(PrivateKey key, String kid, String like, Instant issuedAt) throws Exception {
        return Jwts.builder().header().keyId(kid).and()
                .subject(Api.subject(like)).issuer("colloquy").audience().add("colloquy-api").and()
                .issuedAt(Date.from(issuedAt)).expiration(Date.from(issuedAt.plus(Duration.ofMinutes(20))))
                .claim("tenant", "acme").claim("sid", claim(like, "sid")).claim("type", "access")
                .signWith(key, Jwts.SIG.RS256).compact();
    }

    private static String claim(String token, String name) throws Exception {
        return Api.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).path(name).asText();
    }

    private static RawHttp.Reply signIn(RawHttp http, String forwardedFor, String username, String password) {
        return http.send("POST", "/api/v1/auth/token", Map.of("Content-Type", "application/json",
                "X-Forwarded-For", forwardedFor), ("{\"username\":\"" + username + "\",\"password\":\"" + password
                + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
