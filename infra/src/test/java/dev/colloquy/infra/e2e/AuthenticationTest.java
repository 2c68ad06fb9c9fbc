package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Sign-in, refresh rotation, sign-out, disabled users, lockout and API keys, through the HTTP API. */
class AuthenticationTest extends EndToEndTest {
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRefreshTokenRotatesAndIsNeverAnAccessToken() {
        JsonNode signIn = api.signIn("alice@acme.test");
        String refresh = signIn.path("refresh_token").asText();
        assertThat(signIn.path("expires_in").asLong()).isBetween(60L, 3600L);
        assertThat(signIn.path("refresh_expires_in").asLong()).isEqualTo(7 * 24 * 3600L);

        assertThat(api.get("/api/v1/conversations", refresh).status()).as("refresh as access").isEqualTo(401);

        JsonNode rotated = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh)).body();
        String newAccess = rotated.path("access_token").asText();
        assertThat(api.get("/api/v1/conversations", newAccess).status()).isEqualTo(200);
        assertThat(rotated.path("refresh_token").asText()).isNotEqualTo(refresh);
        assertThat(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", newAccess)).status())
                .as("access as refresh").isEqualTo(401);
    }

    @Test
    void reusingAnOldRefreshTokenRevokesTheWholeFamily() {
        JsonNode signIn = api.signIn("alice@acme.test");
        String stolen = signIn.path("refresh_token").asText();
        JsonNode rotated = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", stolen)).body();

        Api.Response replay = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", stolen));

        assertThat(replay.status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh", null,
                Map.of("refreshToken", rotated.path("refresh_token").asText())).status())
                .as("the legitimate newer token dies with its family").isEqualTo(401);
        assertThat(api.get("/api/v1/conversations", rotated.path("access_token").asText()).status())
                .as("and so do the family's access tokens").isEqualTo(401);
        assertThat(api.get("/api/v1/conversations", alice).status()).as("other sign-ins are untouched")
                .isEqualTo(200);
    }

    @Test
    void signingOutEndsTheSessionsAccessAndRefreshTokens() {
        JsonNode signIn = api.signIn("alice@acme.test");
        String access = signIn.path("access_token").asText();
        assertThat(api.get("/api/v1/conversations", access).status()).isEqualTo(200);

        assertThat(api.post("/api/v1/auth/logout", access, null).status()).isEqualTo(204);

        assertThat(api.get("/api/v1/conversations", access).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh", null,
                Map.of("refreshToken", signIn.path("refresh_token").asText())).status()).isEqualTo(401);
    }

    @Test
    void changingAPasswordEndsTheOtherSignInsButNotThisOne() {
        String elsewhere = api.login("audrey@acme.test");
        String here = api.login("audrey@acme.test");

        Api.Response wrongCurrent = api.post("/api/v1/account/password", here, Map.of(
                "currentPassword", "not-it-at-all", "newPassword", "a brand new passphrase"));
        Api.Response changed = api.post("/api/v1/account/password", here, Map.of(
                "currentPassword", "colloquy-demo", "newPassword", "a brand new passphrase"));

        assertThat(wrongCurrent.status()).isEqualTo(400);
        assertThat(changed.status()).isEqualTo(204);
        assertThat(api.get("/api/v1/models", here).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/models", elsewhere).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/token", null, Map.of("username", "audrey@acme.test",
                "password", "colloquy-demo")).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/token", null, Map.of("username", "audrey@acme.test",
                "password", "a brand new passphrase")).status()).isEqualTo(200);
    }

    @Test
    void anAdminResetEndsEverySignInOfTheUser() {
        String admin = api.login("ada@acme.test");
        String guest = api.login("guest@acme.test");

        assertThat(api.put("/api/v1/admin/users/" + Api.subject(guest) + "/password", admin,
                Map.of("password", "reset by ada 2026")).status()).isEqualTo(204);

        assertThat(api.get("/api/v1/models", guest).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/token", null, Map.of("username", "guest@acme.test",
                "password", "reset by ada 2026")).status()).isEqualTo(200);
        assertThat(api.put("/api/v1/admin/users/" + Api.subject(guest) + "/password", admin,
                Map.of("password", "short")).status()).isEqualTo(400);
    }

    @Test
    void disablingAUserTakesEffectOnTheirNextRequest() {
        String admin = api.login("ada@acme.test");
        String aliceId = Api.subject(alice);
        assertThat(api.get("/api/v1/conversations", alice).status()).isEqualTo(200);

        assertThat(api.post("/api/v1/admin/users/" + aliceId + "/disable", admin, null).status()).isEqualTo(200);

        Api.Response refused = api.get("/api/v1/conversations", alice);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(api.post("/api/v1/auth/token", null, Map.of("username", "alice@acme.test",
                "password", "colloquy-demo")).status()).isEqualTo(401);

        api.post("/api/v1/admin/users/" + aliceId + "/enable", admin, null);
        assertThat(api.get("/api/v1/conversations", api.login("alice@acme.test")).status()).isEqualTo(200);
    }

    /**
     * Another node's change arrives as a PostgreSQL notification; this node drops what it cached at once. The
     * row is changed behind the cache's back first, to show the notification (not expiry) is what reaches it.
     */
    @Test
    void aChangeAnnouncedByAnotherNodeReachesThisNodesCache() {
        String aliceId = Api.subject(alice);
        assertThat(api.get("/api/v1/conversations", alice).status()).isEqualTo(200);
        jdbc.update("update account_directory set disabled = true where user_id = ?", aliceId);
        try {
            assertThat(api.get("/api/v1/conversations", alice).status()).as("served from the cache").isEqualTo(200);

            jdbc.queryForList("select pg_notify('colloquy_account_changes', ?)", "user:" + aliceId);

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> api.get("/api/v1/conversations", alice).status() == 401);
        } finally {
            jdbc.update("update account_directory set disabled = false where user_id = ?", aliceId);
            jdbc.queryForList("select pg_notify('colloquy_account_changes', ?)", "user:" + aliceId);
        }
    }

    @Test
    void fiveFailedSignInsLockThatUsernameFromThisAddressWhetherItExistsOrNot() {
        String unknown = "nobody-" + java.util.UUID.randomUUID() + "@globex.test";
        for (String username : List.of("gus@globex.test", unknown)) {
            for (int i = 0; i < 5; i++) {
                assertThat(api.post("/api/v1/auth/token", null, Map.of("username", username,
                        "password", "wrong-" + i)).status()).isEqualTo(401);
            }
        }

        Api.Response known = api.post("/api/v1/auth/token", null, Map.of("username", "gus@globex.test",
                "password", "colloquy-demo"));
        Api.Response nobody = api.post("/api/v1/auth/token", null, Map.of("username", unknown,
                "password", "colloquy-demo"));

        for (Api.Response locked : List.of(known, nobody)) {
            assertThat(locked.status()).isEqualTo(429);
            assertThat(locked.errorCode()).isEqualTo("ACCOUNT_LOCKED");
            assertThat(locked.body().path("error").path("message").asText())
                    .isEqualTo("too many failed sign-ins; try again later");
            // One attempt comes back every lock-for / max-failures (15 min / 5).
            assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 180L);
        }
        assertThat(jdbc.queryForList("""
                select payloadtype from domainevententry e join account_directory a on a.user_id = e.aggregateidentifier
                where a.username = 'gus@globex.test' order by sequencenumber""", String.class))
                .extracting(type -> type.replaceAll(".*\\.", ""))
                .containsSubsequence("LoginFailed", "LoginFailed", "LoginFailed", "LoginFailed", "LoginFailed")
                .doesNotContain("AccountLocked", "LoginSucceeded");
    }

    @Test
    void anUnknownUserIsTheSameErrorAsAWrongPassword() {
        Api.Response unknown = api.post("/api/v1/auth/token", null, Map.of("username", "nobody@acme.test",
                "password", "colloquy-demo"));
        Api.Response wrong = api.post("/api/v1/auth/token", null, Map.of("username", "alice@acme.test",
                "password", "not-her-password"));

        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body());
    }

    @Test
    void apiKeysWorkWithinTheirScopesUntilRevoked() {
        JsonNode readKey = api.post("/api/v1/api-keys", alice, Map.of("name", "dashboard",
                "scopes", List.of("read"))).body();
        JsonNode chatKey = api.post("/api/v1/api-keys", alice, Map.of("name", "bot",
                "scopes", List.of("chat", "read"))).body();
        String reader = readKey.path("secret").asText();
        String chatter = chatKey.path("secret").asText();
        assertThat(reader).startsWith("ck_");

        assertThat(api.get("/api/v1/conversations", reader).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/conversations", reader, Map.of("model", "simulator")).status()).isEqualTo(403);
        Api.Response started = api.post("/api/v1/conversations", chatter, Map.of("model", "simulator"));
        assertThat(started.status()).isEqualTo(201);
        assertThat(asAlice.tree(started.body().path("id").asText()).path("id").asText())
                .as("a key acts as its owner").isEqualTo(started.body().path("id").asText());
        assertThat(api.get("/api/v1/api-keys", chatter).status()).as("keys cannot manage keys").isEqualTo(403);

        JsonNode listed = api.get("/api/v1/api-keys", alice).body();
        assertThat(listed.toString()).doesNotContain(reader.substring(3)).doesNotContain(chatter.substring(3));
        assertThat(listed.findValues("lastUsedAt")).anySatisfy(at -> assertThat(at.isNull()).isFalse());
        assertThat(jdbc.queryForList("select secret_hash from api_key", String.class))
                .doesNotContain(reader, chatter);

        assertThat(api.delete("/api/v1/api-keys/" + readKey.path("keyId").asText(), alice).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/conversations", reader).status()).isEqualTo(401);

        String expiring = api.post("/api/v1/api-keys", alice, Map.of("name", "short-lived", "scopes", List.of("read"),
                "expiresAt", Instant.now().plusSeconds(2).toString())).body().path("secret").asText();
        assertThat(api.get("/api/v1/conversations", expiring).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/conversations", expiring).status() == 401);
        assertThat(api.get("/api/v1/conversations", "ck_made-up").status()).isEqualTo(401);
    }
}
