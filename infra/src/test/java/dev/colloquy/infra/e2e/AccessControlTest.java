package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colloquy.command.account.DirectoryRebuild;
import dev.colloquy.infra.auth.AccessPolicyCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The access rules as a matrix: every endpoint × every role, own tenant and another tenant. Allowed means the
 * request gets past authorisation (whatever the endpoint then says about the body or id); refused means 403
 * FORBIDDEN; another tenant's resource is 404; no credentials is 401 with WWW-Authenticate.
 */
class AccessControlTest extends EndToEndTest {
    private static final String NIL = "00000000-0000-0000-0000-000000000001";
    private static final Set<String> CHAT = Set.of("guest", "member", "tenant-admin");
    private static final Set<String> CHAT_NO_GUEST = Set.of("member", "tenant-admin");
    private static final Set<String> ALL = Set.of("guest", "member", "tenant-admin", "auditor", "platform-admin");
    private static final Set<String> KEY_HOLDERS = Set.of("member", "tenant-admin", "auditor", "platform-admin");
    private static final Set<String> TENANT_ADMIN = Set.of("tenant-admin");
    private static final Set<String> PLATFORM_ADMIN = Set.of("platform-admin");
    private static final Set<String> ADMINS = Set.of("tenant-admin", "platform-admin");
    private static final Set<String> AUDITORS = Set.of("auditor", "tenant-admin");

    @Autowired
    AccessPolicyCheck policyCheck;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DirectoryRebuild rebuild;

    final Map<String, String> tokenOf = new LinkedHashMap<>();

    record Call(String method, String path, Object body, Set<String> allowed) {
    }

    @BeforeEach
    void signInEveryRole() {
        tokenOf.put("guest", api.login("guest@acme.test"));
        tokenOf.put("member", alice);
        tokenOf.put("tenant-admin", api.login("ada@acme.test"));
        tokenOf.put("auditor", api.login("audrey@acme.test"));
        tokenOf.put("platform-admin", api.login("root@colloquy.test"));
    }

    @Test
    void everyRouteHasADeclaredRule() {
        assertThat(policyCheck.uncoveredRoutes()).isEmpty();
    }

    @Test
    void eachRoleReachesExactlyTheEndpointsItsRuleNames() {
        String conversation = asAlice.start("simulator", null);
        List<Call> calls = List.of(
                new Call("GET", "/api/v1/models", null, ALL),
                new Call("POST", "/api/v1/conversations", Map.of("model", "simulator"), CHAT),
                new Call("GET", "/api/v1/conversations", null, CHAT),
                new Call("GET", "/api/v1/conversations/" + NIL, null, CHAT),
                new Call("GET", "/api/v1/conversations/" + NIL + "/path", null, CHAT),
                new Call("PATCH", "/api/v1/conversations/" + NIL, Map.of("title", "t"), CHAT),
                new Call("DELETE", "/api/v1/conversations/" + NIL, null, CHAT),
                new Call("POST", "/api/v1/conversations/" + NIL + "/restore", null, CHAT),
                new Call("POST", "/api/v1/conversations/" + NIL + "/messages", Map.of("content", "hi"), CHAT),
                new Call("POST", "/api/v1/conversations/" + conversation + "/fork", Map.of("messageId", NIL),
                        CHAT_NO_GUEST),
                new Call("GET", "/api/v1/replies/" + NIL, null, CHAT),
                new Call("POST", "/api/v1/replies/" + NIL + "/cancel", null, CHAT),
                new Call("GET", "/api/v1/usage/me", null, ALL),
                new Call("GET", "/api/v1/privacy/export", null, ALL),
                new Call("POST", "/api/v1/account/password", Map.of("currentPassword", "x"), ALL),
                // a malformed user id: nobody is erased by the matrix
                new Call("POST", "/api/v1/privacy/erasure", Map.of("userId", "not-an-id"), ALL),
                new Call("GET", "/api/v1/privacy/erasure/" + NIL, null, ALL),
                new Call("GET", "/api/v1/api-keys", null, KEY_HOLDERS),
                new Call("POST", "/api/v1/api-keys", Map.of("name", "k", "scopes", List.of("read")), KEY_HOLDERS),
                new Call("DELETE", "/api/v1/api-keys/" + NIL, null, KEY_HOLDERS),
                new Call("GET", "/api/v1/admin/tenants", null, PLATFORM_ADMIN),
                new Call("POST", "/api/v1/admin/tenants", Map.of("tenantId", "x"), PLATFORM_ADMIN),
                new Call("PATCH", "/api/v1/admin/tenants/nope", Map.of("plan", "pro"), PLATFORM_ADMIN),
                new Call("POST", "/api/v1/admin/tenants/nope/users", Map.of("username", "x"), PLATFORM_ADMIN),
                new Call("PUT", "/api/v1/admin/tenants/nope/quotas", Map.of("messagesPerDay", 1), PLATFORM_ADMIN),
                new Call("PUT", "/api/v1/admin/tenants/nope/budget", Map.of("costPerMonth", 1), PLATFORM_ADMIN),
                new Call("POST", "/api/v1/admin/projections/nope/replay", null, PLATFORM_ADMIN),
                new Call("GET", "/api/v1/admin/projections/nope/replay", null, PLATFORM_ADMIN),
                new Call("GET", "/api/v1/admin/plans", null, ADMINS),
                new Call("GET", "/api/v1/admin/usage?from=2026-01-01&to=2026-01-31", null, ADMINS),
                new Call("GET", "/api/v1/admin/billing/export?month=2026-01&format=json", null, ADMINS),
                new Call("GET", "/api/v1/admin/guard-policy", null, TENANT_ADMIN),
                new Call("PUT", "/api/v1/admin/guard-policy", Map.of("injectionPolicy", "nope"), TENANT_ADMIN),
                new Call("GET", "/api/v1/admin/retention", null, TENANT_ADMIN),
                new Call("PUT", "/api/v1/admin/retention", Map.of("conversationDays", -1), TENANT_ADMIN),
                new Call("GET", "/api/v1/admin/users", null, TENANT_ADMIN),
                new Call("POST", "/api/v1/admin/users", Map.of("username", "x"), TENANT_ADMIN),
                new Call("POST", "/api/v1/admin/users/" + NIL + "/disable", null, TENANT_ADMIN),
                new Call("POST", "/api/v1/admin/users/" + NIL + "/enable", null, TENANT_ADMIN),
                new Call("PUT", "/api/v1/admin/users/" + NIL + "/roles", Map.of("roles", List.of("member")),
                        TENANT_ADMIN),
                new Call("PUT", "/api/v1/admin/users/" + NIL + "/plan", Map.of("plan", "free"), TENANT_ADMIN),
                new Call("PUT", "/api/v1/admin/users/" + NIL + "/quotas", Map.of("messagesPerDay", 1), TENANT_ADMIN),
                new Call("PUT", "/api/v1/admin/users/" + NIL + "/password", Map.of("password", "x"), TENANT_ADMIN),
                new Call("GET", "/api/v1/replies/" + NIL + "/stream", null, CHAT),
                new Call("DELETE", "/api/v1/admin/users/" + NIL + "/api-keys/" + NIL, null, TENANT_ADMIN),
                new Call("POST", "/api/v1/admin/users/" + NIL + "/suspend", Map.of("reason", "x"), TENANT_ADMIN),
                new Call("POST", "/api/v1/admin/users/" + NIL + "/throttle", Map.of("reason", "x"), TENANT_ADMIN),
                new Call("POST", "/api/v1/admin/users/" + NIL + "/reinstate", null, TENANT_ADMIN),
                new Call("GET", "/api/v1/admin/abuse-policy", null, TENANT_ADMIN),
                new Call("PUT", "/api/v1/admin/abuse-policy", Map.of("threshold", 0, "action", "x"), TENANT_ADMIN),
                new Call("GET", "/api/v1/admin/abuse-signals?minScore=50", null, ADMINS),
                new Call("GET", "/api/v1/audit/conversations", null, AUDITORS),
                new Call("GET", "/api/v1/audit/conversations/" + NIL + "/events", null, AUDITORS),
                new Call("GET", "/api/v1/audit/conversations/" + NIL + "/verify", null, AUDITORS),
                new Call("GET", "/api/v1/audit/conversations/" + NIL + "/state?atSeq=0", null, AUDITORS),
                new Call("GET", "/api/v1/audit/accesses", null, AUDITORS),
                new Call("GET", "/api/v1/audit/knowledge-searches", null, AUDITORS));

        for (Call call : calls) {
            Api.Response anonymous = send(call, null);
            assertThat(anonymous.status()).as("%s %s without a token", call.method(), call.path()).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
            for (Map.Entry<String, String> role : tokenOf.entrySet()) {
                Api.Response response = send(call, role.getValue());
                String what = call.method() + " " + call.path() + " as " + role.getKey();
                if (call.allowed().contains(role.getKey())) {
                    assertThat(response.status()).as(what + " " + response.body()).isNotIn(401, 403);
                } else {
                    assertThat(response.status()).as(what).isEqualTo(403);
                    assertThat(response.errorCode()).as(what).isEqualTo("FORBIDDEN");
                }
            }
        }
    }

    @Test
    void anotherTenantsResourcesAnswer404ToEveryRole() {
        String conversation = asAlice.start("simulator", null);
        JsonNode posted = asAlice.post(conversation, "hello", null);
        String replyId = posted.path("replyId").asText();
        String messageId = posted.path("messageId").asText();
        String gus = api.login("gus@globex.test");
        String aliceId = Api.subject(alice);
        String globexAdmin = api.newUserOf("globex", "tenant-admin");

        List<Call> foreign = List.of(
                new Call("GET", "/api/v1/conversations/" + conversation, null, null),
                new Call("GET", "/api/v1/conversations/" + conversation + "/path", null, null),
                new Call("PATCH", "/api/v1/conversations/" + conversation, Map.of("title", "mine"), null),
                new Call("DELETE", "/api/v1/conversations/" + conversation, null, null),
                new Call("POST", "/api/v1/conversations/" + conversation + "/messages", Map.of("content", "x"), null),
                new Call("POST", "/api/v1/conversations/" + conversation + "/fork", Map.of("messageId", messageId),
                        null),
                new Call("GET", "/api/v1/replies/" + replyId, null, null),
                new Call("GET", "/api/v1/replies/" + replyId + "/stream", null, null),
                new Call("POST", "/api/v1/replies/" + replyId + "/cancel", null, null));
        for (Call call : foreign) {
            assertThat(send(call, gus).status()).as("%s %s by another tenant", call.method(), call.path())
                    .isEqualTo(404);
        }
        for (String action : List.of("disable", "enable")) {
            assertThat(api.post("/api/v1/admin/users/" + aliceId + "/" + action, globexAdmin, null).status())
                    .as("another tenant's admin " + action + "s alice").isEqualTo(404);
        }
        for (String audit : List.of("/events", "/verify", "/state?atSeq=0")) {
            assertThat(api.get("/api/v1/audit/conversations/" + conversation + audit, globexAdmin).status())
                    .as("another tenant's admin audits " + audit).isEqualTo(404);
        }
        assertThat(api.get("/api/v1/audit/accesses?conversationId=" + conversation, globexAdmin).status())
                .as("another tenant's admin reads the audit accesses of the conversation").isEqualTo(404);
        assertThat(api.put("/api/v1/admin/users/" + aliceId + "/roles", globexAdmin,
                Map.of("roles", List.of("guest"))).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/admin/users", globexAdmin).body().toString()).doesNotContain("alice");
        assertThat(asAlice.tree(conversation).path("title").isNull()).isTrue();
    }

    @Test
    void aTenantAdminCannotMakeAPlatformAdmin() {
        Api.Response response = api.post("/api/v1/admin/users", tokenOf.get("tenant-admin"), Map.of(
                "username", "mallory@acme.test", "password", "long enough secret", "roles", List.of("platform-admin")));

        assertThat(response.status()).isEqualTo(403);
        assertThat(api.put("/api/v1/admin/users/" + Api.subject(alice) + "/roles", tokenOf.get("tenant-admin"),
                Map.of("roles", List.of("platform-admin"))).status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("select count(*) from account_directory where username = 'mallory@acme.test'",
                Integer.class)).isZero();
    }

    @Test
    void aPlatformAdminOpensATenantWhoseAdminRunsIt() {
        String root = tokenOf.get("platform-admin");
        assertThat(api.post("/api/v1/admin/tenants", root, Map.of("tenantId", "initech", "name", "Initech",
                "plan", "free")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/admin/tenants", root, Map.of("tenantId", "initech", "name", "Initech",
                "plan", "free")).status()).isEqualTo(409);
        assertThat(api.post("/api/v1/admin/tenants/initech/users", root, Map.of("username", "bill@initech.test",
                "password", "colloquy-demo", "roles", List.of("tenant-admin"))).status()).isEqualTo(201);

        String bill = api.login("bill@initech.test");
        Api.Response created = api.post("/api/v1/admin/users", bill, Map.of("username", "peter@initech.test",
                "password", "colloquy-demo", "roles", List.of("member")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(api.post("/api/v1/admin/users", bill, Map.of("username", "PETER@initech.test",
                "password", "colloquy-demo", "roles", List.of("member"))).status()).as("usernames ignore case")
                .isEqualTo(409);
        String peter = api.login("peter@initech.test");
        assertThat(api.get("/api/v1/models", peter).body().path("plan").asText()).isEqualTo("free");

        List<Map<String, Object>> events = jdbc.queryForList("""
                select payloadtype, convert_from(metadata, 'UTF8') as metadata from domainevententry
                where aggregateidentifier = ? and payloadtype like '%UserRegistered'""",
                created.body().path("userId").asText());
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().get("metadata").toString()).contains(Api.subject(bill), "initech");
    }

    /** Usernames are unique across nodes: the unique index decides a race, and the loser gets a 409. */
    @Test
    void concurrentRegistrationsOfOneUsernameCreateOneAccount() throws Exception {
        String admin = tokenOf.get("tenant-admin");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> attempts = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(pool.submit(() -> api.post("/api/v1/admin/users", admin, Map.of(
                        "username", "dave@acme.test", "password", "colloquy-demo", "roles", List.of("member")))
                        .status()));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var attempt : attempts) {
                statuses.add(attempt.get());
            }
            assertThat(statuses).containsOnly(201, 409).containsOnlyOnce(201);
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.queryForObject("select count(*) from account_directory where username = 'dave@acme.test'",
                Integer.class)).isEqualTo(1);
    }

    /** The directory is a read model like the others: rebuilt from the events it comes out the same. */
    @Test
    void theAccountDirectoryRebuiltFromTheEventsEqualsTheLiveOne() {
        String root = tokenOf.get("platform-admin");
        String admin = tokenOf.get("tenant-admin");
        api.post("/api/v1/admin/tenants", root, Map.of("tenantId", "umbrella", "name", "Umbrella", "plan", "pro"));
        api.patch("/api/v1/admin/tenants/umbrella", root, Map.of("plan", "enterprise"));
        String carol = api.post("/api/v1/admin/users", admin, Map.of("username", "carol@acme.test",
                "password", "colloquy-demo", "roles", List.of("member"))).body().path("userId").asText();
        api.put("/api/v1/admin/users/" + carol + "/roles", admin, Map.of("roles", List.of("member", "auditor")));
        api.put("/api/v1/admin/users/" + carol + "/plan", admin, Map.of("plan", "free"));
        api.post("/api/v1/admin/users/" + carol + "/disable", admin, null);
        api.put("/api/v1/admin/users/" + carol + "/quotas", admin, Map.of("messagesPerDay", 20, "costPerMonth", 1.5));
        api.put("/api/v1/admin/tenants/umbrella/quotas", root, Map.of("tokensPerMonth", 5_000_000));
        api.put("/api/v1/admin/tenants/umbrella/budget", root, Map.of("costPerMonth", 750));
        api.put("/api/v1/admin/guard-policy", admin, Map.of("injectionPolicy", "block", "redactedPii",
                List.of("iban")));
        String key = api.post("/api/v1/api-keys", alice, Map.of("name", "k", "scopes", List.of("read")))
                .body().path("secret").asText();
        api.get("/api/v1/conversations", key);
        String revoked = api.post("/api/v1/api-keys", alice, Map.of("name", "old", "scopes", List.of("chat")))
                .body().path("keyId").asText();
        api.delete("/api/v1/api-keys/" + revoked, alice);
        for (int i = 0; i < 5; i++) {
            api.post("/api/v1/auth/token", null, Map.of("username", "gus@globex.test", "password", "wrong"));
        }
        List<Map<String, Object>> before = directory();

        long applied = rebuild.rebuild();

        assertThat(applied).isGreaterThan(10);
        assertThat(before.toString()).contains("{NULL,20,NULL,NULL,NULL,1.5}", "{NULL,NULL,NULL,5000000,NULL,NULL}",
                "{NULL,NULL,NULL,NULL,NULL,750}");
        assertThat(directory()).isEqualTo(before);
        assertThat(api.get("/api/v1/conversations", alice).status()).as("sessions survive").isEqualTo(200);
        assertThat(api.get("/api/v1/conversations", key).status()).isEqualTo(200);
        api.put("/api/v1/admin/guard-policy", admin, Map.of("injectionPolicy", "flag", "redactedPii", List.of()));
    }

    private List<Map<String, Object>> directory() {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        rows.addAll(jdbc.queryForList("select tenant_id, name, plan, injection_policy, redacted_pii::text, "
                + "quota_overrides::text, budget::text, created_at from tenant_directory order by tenant_id"));
        rows.addAll(jdbc.queryForList("select user_id, tenant_id, username, roles::text, plan, disabled, "
                + "locked_until, quota_overrides::text, created_at from account_directory order by user_id"));
        rows.addAll(jdbc.queryForList("select key_id, secret_hash, user_id, tenant_id, name, scopes::text, expires_at, "
                + "created_at, revoked_at, last_used_at from api_key order by key_id"));
        return rows;
    }

    private Api.Response send(Call call, String token) {
        return switch (call.method()) {
            case "GET" -> api.get(call.path(), token);
            case "POST" -> api.post(call.path(), token, call.body());
            case "PUT" -> api.put(call.path(), token, call.body());
            case "PATCH" -> api.patch(call.path(), token, call.body());
            case "DELETE" -> api.delete(call.path(), token);
            default -> throw new IllegalArgumentException(call.method());
        };
    }
}
