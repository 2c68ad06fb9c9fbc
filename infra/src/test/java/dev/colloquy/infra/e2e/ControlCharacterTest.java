package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * No control character and no half of a surrogate pair reaches an event, through any text field of any body
 * or any query parameter: each is a 400 naming the field, and nothing is recorded. Line breaks and tabs are
 * refused too, except in prose (a message, a system prompt).
 */
class ControlCharacterTest extends EndToEndTest {
    /** As JSON escapes, so that the bytes on the wire are valid JSON holding the character. */
    static final List<String> FAULTS = List.of("\\u0000", "\\u0007", "\\u001b", "\\u007f", "\\u0085", "\\u009f",
            "\\ud800", "\\udc00");
    static final List<String> LINE_BREAKS = List.of("\\n", "\\r", "\\t");

    @Autowired
    JdbcTemplate jdbc;
    String ada;
    String root;
    String conversation;

    /** One text field of one body: {@code body} builds the JSON around the field's value. */
    record Field(String method, String path, String token, String name, boolean prose, Function<String, String> body) {
    }

    @BeforeEach
    void callers() {
        ada = api.login("ada@acme.test");
        root = api.login("root@colloquy.test");
        conversation = asAlice.start("simulator", null);
    }

    List<Field> fields() {
        String user = Api.subject(api.login("gus@globex.test"));
        String member = Api.subject(alice);
        String messages = "/api/v1/conversations/" + conversation + "/messages";
        return List.of(
                new Field("POST", "/api/v1/conversations", alice, "title", false, v -> "{\"title\":\"" + v + "\"}"),
                new Field("POST", "/api/v1/conversations", alice, "model", false, v -> "{\"model\":\"" + v + "\"}"),
                new Field("POST", "/api/v1/conversations", alice, "systemPrompt", true,
                        v -> "{\"systemPrompt\":\"" + v + "\"}"),
                new Field("PATCH", "/api/v1/conversations/" + conversation, alice, "title", false,
                        v -> "{\"title\":\"" + v + "\"}"),
                new Field("POST", messages, alice, "content", true, v -> "{\"content\":\"hi " + v + "\"}"),
                new Field("POST", messages, alice, "clientMessageId", false,
                        v -> "{\"content\":\"hi\",\"clientMessageId\":\"" + v + "\"}"),
                new Field("POST", messages, alice, "parentMessageId", false,
                        v -> "{\"content\":\"hi\",\"parentMessageId\":\"" + v + "\"}"),
                new Field("POST", "/api/v1/conversations/" + conversation + "/fork", alice, "messageId", false,
                        v -> "{\"messageId\":\"" + v + "\"}"),
                new Field("POST", "/api/v1/api-keys", alice, "name", false,
                        v -> "{\"name\":\"" + v + "\",\"scopes\":[\"read\"]}"),
                new Field("POST", "/api/v1/api-keys", alice, "scopes", false,
                        v -> "{\"name\":\"k\",\"scopes\":[\"" + v + "\"]}"),
                new Field("POST", "/api/v1/account/password", alice, "currentPassword", false,
                        v -> "{\"currentPassword\":\"" + v + "\",\"newPassword\":\"long-enough-123\"}"),
                new Field("POST", "/api/v1/account/password", alice, "newPassword", false,
                        v -> "{\"currentPassword\":\"colloquy-demo\",\"newPassword\":\"long-enough-" + v + "\"}"),
                new Field("POST", "/api/v1/privacy/erasure", alice, "userId", false, v -> "{\"userId\":\"" + v + "\"}"),
                new Field("POST", "/api/v1/auth/token", null, "username", false,
                        v -> "{\"username\":\"alice@acme.test" + v + "\",\"password\":\"x\"}"),
                new Field("POST", "/api/v1/auth/token", null, "password", false,
                        v -> "{\"username\":\"alice@acme.test\",\"password\":\"" + v + "\"}"),
                new Field("POST", "/api/v1/auth/refresh", null, "refreshToken", false,
                        v -> "{\"refreshToken\":\"" + v + "\"}"),
                new Field("POST", "/api/v1/admin/tenants", root, "tenantId", false,
                        v -> "{\"tenantId\":\"t" + v + "\",\"name\":\"T\",\"plan\":\"free\"}"),
                new Field("POST", "/api/v1/admin/tenants", root, "name", false,
                        v -> "{\"tenantId\":\"fresh\",\"name\":\"T" + v + "\",\"plan\":\"free\"}"),
                new Field("PATCH", "/api/v1/admin/tenants/acme", root, "plan", false, v -> "{\"plan\":\"" + v + "\"}"),
                new Field("POST", "/api/v1/admin/users", ada, "username", false,
                        v -> "{\"username\":\"new" + v + "@acme.test\",\"password\":\"long-enough-123\","
                                + "\"roles\":[\"member\"]}"),
                new Field("POST", "/api/v1/admin/users", ada, "roles", false,
                        v -> "{\"username\":\"new@acme.test\",\"password\":\"long-enough-123\",\"roles\":[\""
                                + v + "\"]}"),
                new Field("PUT", "/api/v1/admin/users/" + member + "/roles", ada, "roles", false,
                        v -> "{\"roles\":[\"" + v + "\"]}"),
                new Field("PUT", "/api/v1/admin/users/" + member + "/plan", ada, "plan", false,
                        v -> "{\"plan\":\"" + v + "\"}"),
                new Field("PUT", "/api/v1/admin/users/" + member + "/password", ada, "password", false,
                        v -> "{\"password\":\"long-enough-" + v + "\"}"),
                new Field("POST", "/api/v1/admin/users/" + member + "/suspend", ada, "reason", false,
                        v -> "{\"reason\":\"spam" + v + "\"}"),
                new Field("POST", "/api/v1/admin/users/" + member + "/throttle", ada, "reason", false,
                        v -> "{\"reason\":\"spam" + v + "\"}"),
                new Field("PUT", "/api/v1/admin/guard-policy", ada, "injectionPolicy", false,
                        v -> "{\"injectionPolicy\":\"" + v + "\"}"),
                new Field("PUT", "/api/v1/admin/guard-policy", ada, "redactedPii", false,
                        v -> "{\"injectionPolicy\":\"flag\",\"redactedPii\":[\"" + v + "\"]}"),
                new Field("PUT", "/api/v1/admin/abuse-policy", ada, "action", false,
                        v -> "{\"threshold\":50,\"action\":\"" + v + "\"}"),
                new Field("PUT", "/api/v1/admin/users/" + user + "/quotas", ada, "key", false,
                        v -> "{\"" + v + "\":1}"));
    }

    @Test
    void everyTextFieldOfEveryBodyRefusesControlCharacters() {
        List<Field> fields = fields();
        long events = events();
        for (Field field : fields) {
            for (String fault : field.prose() ? FAULTS : concat(FAULTS, LINE_BREAKS)) {
                Api.Response response = api.raw(field.method(), field.path(), field.token(), "application/json",
                        field.body().apply(fault));
                String what = field.method() + " " + field.path() + " " + field.name() + " with " + fault;
                assertThat(response.status()).as(what + " " + response.body()).isEqualTo(400);
                assertThat(response.errorCode()).as(what).isEqualTo("VALIDATION_ERROR");
                if (!"key".equals(field.name())) {
                    assertThat(response.body().path("error").path("details").path("field").asText()).as(what)
                            .isEqualTo(field.name());
                }
            }
        }
        assertThat(events()).as("events recorded").isEqualTo(events);
    }

    @Test
    void proseKeepsItsLineBreaksAndTabs() {
        Api.Response started = api.post("/api/v1/conversations", alice,
                Map.of("systemPrompt", "Answer\n\tbriefly.\r\n"));
        assertThat(started.status()).isEqualTo(201);
        assertThat(started.body().path("systemPrompt").asText()).isEqualTo("Answer\n\tbriefly.\r\n");
    }

    @Test
    void everyQueryParameterRefusesControlCharactersAndBrokenEncodings() {
        String auditor = api.login("audrey@acme.test");
        List<String> queries = List.of("/api/v1/conversations?q=", "/api/v1/conversations?limit=",
                "/api/v1/admin/abuse-signals?minScore=", "/api/v1/admin/abuse-signals?tenantId=",
                "/api/v1/audit/conversations?q=", "/api/v1/audit/conversations?ownerId=",
                "/api/v1/audit/accesses?conversationId=", "/api/v1/audit/knowledge-searches?knowledgeBaseId=",
                "/api/v1/admin/usage?from=",
                "/api/v1/admin/billing/export?month=", "/api/v1/privacy/export?format=");
        long events = events();
        for (String query : queries) {
            String token = query.contains("/audit/") ? auditor : query.contains("/admin/") ? ada : alice;
            for (String fault : List.of("%00", "%07", "%1B", "%7F", "%C2%85", "%0A", "%", "%ZZ", "%ED%A0%BD",
                    "%FF")) {
                RawHttp.Reply response = new RawHttp(port).send("GET", query + "x" + fault, token, null, null);
                assertThat(response.status()).as(query + fault + " " + response).isEqualTo(400);
                assertThat(response.errorCode()).as(query + fault).isEqualTo("VALIDATION_ERROR");
            }
        }
        assertThat(events()).as("events recorded").isEqualTo(events);
    }

    private long events() {
        return jdbc.queryForObject("select count(*) from domainevententry", Long.class);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
