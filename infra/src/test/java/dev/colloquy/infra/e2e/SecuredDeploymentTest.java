package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Colloquy configured as in production: not the demo profile, its first accounts seeded from configuration,
 * RS256 with two keys live (the second active, the first retiring) and one allowed browser origin.
 */
class SecuredDeploymentTest extends EndToEndTest {
    private static final String ORIGIN = "https://chat.example.test";
    private static final String RETIRING_KEY = newPem();
    private static final String ACTIVE_KEY = newPem();

    @DynamicPropertySource
    static void rs256(DynamicPropertyRegistry registry) {
        registry.add("colloquy.auth.signing-keys[0].kid", () -> "2026-10");
        registry.add("colloquy.auth.signing-keys[0].private-key", () -> RETIRING_KEY);
        registry.add("colloquy.auth.signing-keys[1].kid", () -> "2026-11");
        registry.add("colloquy.auth.signing-keys[1].private-key", () -> ACTIVE_KEY);
        registry.add("colloquy.auth.active-kid", () -> "2026-11");
        registry.add("colloquy.web.cors-origins[0]", () -> ORIGIN);
        registry.add("spring.profiles.active", () -> "production");
        String[][] tenants = {{"platform", "Operators", "enterprise"}, {"acme", "Acme", "pro"}};
        for (int i = 0; i < tenants.length; i++) {
            String[] t = tenants[i];
            registry.add("colloquy.seed.tenants[" + i + "].id", () -> t[0]);
            registry.add("colloquy.seed.tenants[" + i + "].name", () -> t[1]);
            registry.add("colloquy.seed.tenants[" + i + "].plan", () -> t[2]);
        }
        String[][] users = {{"root@ops.test", "platform", "platform-admin"}, {"alice@acme.test", "acme", "member"}};
        for (int i = 0; i < users.length; i++) {
            String[] u = users[i];
            registry.add("colloquy.seed.users[" + i + "].username", () -> u[0]);
            registry.add("colloquy.seed.users[" + i + "].password", () -> "colloquy-demo");
            registry.add("colloquy.seed.users[" + i + "].tenant", () -> u[1]);
            registry.add("colloquy.seed.users[" + i + "].roles[0]", () -> u[2]);
        }
    }

    @Test
    void withoutTheDemoProfileOnlyTheSeededAccountsExist() {
        assertThat(api.post("/api/v1/auth/token", null, Map.of("username", "gus@globex.test",
                "password", "colloquy-demo")).status()).isEqualTo(401);
        String root = api.login("root@ops.test");
        assertThat(api.get("/api/v1/admin/tenants", root).body().findValuesAsText("tenantId"))
                .containsExactly("acme", "platform");
    }

    @Test
    void aTokenVerifiesWithAnIndependentJoseLibraryAgainstThePublishedKeys() throws Exception {
        Api.Response jwks = api.get("/.well-known/jwks.json", null);
        JWKSet keys = JWKSet.parse(jwks.body().toString());
        SignedJWT token = SignedJWT.parse(alice);

        assertThat(keys.getKeys()).extracting(k -> k.getKeyID()).containsExactly("2026-10", "2026-11");
        assertThat(keys.getKeys()).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
        assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(token.getHeader().getKeyID()).isEqualTo("2026-11");
        RSAKey key = (RSAKey) keys.getKeyByKeyId(token.getHeader().getKeyID());
        assertThat(token.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo("colloquy");
        assertThat(token.getJWTClaimsSet().getAudience()).containsExactly("colloquy-api");
        assertThat(token.getJWTClaimsSet().getClaims()).containsKeys("sub", "tenant", "roles", "plan", "iat", "exp",
                "type");
        RSAKey retiring = (RSAKey) keys.getKeyByKeyId("2026-10");
        assertThat(token.verify(new RSASSAVerifier(retiring))).as("signed by the active key only").isFalse();
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (Api.Response response : new Api.Response[] {api.get("/actuator/health", null),
                api.get("/api/v1/conversations", alice), api.get("/api/v1/conversations", null),
                api.get("/api/v1/conversations/not-a-uuid", alice)}) {
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Content-Security-Policy")).contains("default-src 'self'",
                    "frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(response.header("Strict-Transport-Security")).as("plain HTTP").isNull();
        }
        assertThat(api.get("/api/v1/conversations", alice).header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void onlyTheConfiguredOriginMayCallFromABrowserAndNeverWithCredentials() throws Exception {
        HttpResponse<String> allowed = preflight(ORIGIN);
        HttpResponse<String> other = preflight("https://evil.example.test");

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/conversations"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String newPem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder()
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
