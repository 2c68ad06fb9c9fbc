package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import dev.colloquy.projections.replay.ProjectionReplay;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** GET /privacy/export: everything held about the caller, in JSON and CSV, and nothing about anyone else. */
class PersonalDataExportTest extends EndToEndTest {
    private static final String EMBEDDING = "all-minilm-l6-v2";
    @Autowired
    ProjectionReplay replay;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theExportHoldsTheProfileEveryConversationWithAllBranchesAndTheUsage() {
        String conversation = asAlice.start("simulator", "answer in French");
        JsonNode first = asAlice.post(conversation, "first question", null);
        JsonNode firstReply = asAlice.awaitCharged(first.path("replyId").asText());
        asAlice.awaitCharged(asAlice.post(conversation, "second question", null).path("replyId").asText());
        asAlice.awaitCharged(asAlice.post(conversation, "a branch", firstReply.path("id").asText())
                .path("replyId").asText());
        String deleted = asAlice.start("simulator", null);
        asAlice.awaitCharged(asAlice.post(deleted, "soon deleted", null).path("replyId").asText());
        api.delete("/api/v1/conversations/" + deleted, alice);
        String key = api.post("/api/v1/api-keys", alice, Map.of("name", "laptop", "scopes", List.of("read")))
                .body().path("secret").asText();
        Conversations gus = new Conversations(api, api.login("gus@globex.test"));
        gus.awaitCharged(gus.post(gus.start("simulator", null), "gus's secret", null).path("replyId").asText());
        Knowledge hers = new Knowledge(api, alice);
        String document = hers.add(hers.create("Recipes"), "Soup", "Simmer the leeks for twenty minutes.");

        Long chargedTokens = jdbc.queryForObject("""
                select sum(prompt_tokens + completion_tokens) from message_view m
                join conversation_view c on c.id = m.conversation_id where c.owner_id = ?""",
                Long.class, Api.subject(alice));
        Long posted = jdbc.queryForObject("""
                select count(*) from message_view m join conversation_view c on c.id = m.conversation_id
                where c.owner_id = ? and m.role = 'user'""", Long.class, Api.subject(alice));
        // The ledger and the abuse signals are processors of their own: read the export once they have caught up.
        // Her replies' tokens; embedding her documents and queries is usage of the embedding model beside them.
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                select coalesce(sum(prompt_tokens + completion_tokens), 0) from usage_ledger
                where user_id = ? and period = 'day' and model <> ?""", Long.class, Api.subject(alice), EMBEDDING),
                chargedTokens::equals);
        // The document's charge is sent once it is embedded: the export follows the ledger that has booked it.
        long charged = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                select coalesce(max(globalindex), -1) from domainevententry
                where aggregateidentifier = ? and payloadtype like '%DocumentEmbedded'""", Long.class, document),
                index -> index >= 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> replay.hasProcessed("usage-ledger", charged));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select coalesce(max(messages), 0) from abuse_signal where user_id = ?", Long.class,
                Api.subject(alice)), posted::equals);

        Api.Response response = api.get("/api/v1/privacy/export?format=json", alice);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Disposition")).startsWith("attachment").contains(".json");
        JsonNode export = response.body();
        assertThat(export.path("schema").asText()).isEqualTo("colloquy.personal-data-export/2");
        assertThat(export.path("account").path("username").asText()).isEqualTo("alice@acme.test");
        assertThat(export.path("account").path("apiKeys").findValuesAsText("name")).containsExactly("laptop");
        assertThat(export.toString()).as("never a secret").doesNotContain(key.substring(3));
        assertThat(export.path("account").path("signIns").size()).isPositive();

        JsonNode conversations = export.path("conversations");
        assertThat(conversations.findValuesAsText("id")).contains(conversation, deleted);
        JsonNode tree = byId(conversations, conversation);
        assertThat(tree.path("systemPrompt").asText()).isEqualTo("answer in French");
        assertThat(tree.path("messages").findValuesAsText("content"))
                .as("both branches").contains("first question", "second question", "a branch");
        assertThat(tree.path("messages").size()).isEqualTo(6);
        assertThat(byId(conversations, deleted).path("deleted").asBoolean()).isTrue();
        assertThat(export.toString()).doesNotContain("gus's secret");
        assertThat(export.path("abuse").path("messages").asLong()).as("the automated assessment too")
                .isEqualTo(posted);
        assertThat(export.path("abuse").path("messageTimes").size()).isEqualTo(posted.intValue());
        JsonNode exported = export.path("documents").get(0);
        assertThat(exported.path("id").asText()).isEqualTo(document);
        assertThat(exported.path("knowledgeBaseName").asText()).isEqualTo("Recipes");
        assertThat(exported.path("text").asText()).isEqualTo("Simmer the leeks for twenty minutes.");

        long exportedTokens = StreamSupport.stream(export.path("usage").spliterator(), false)
                .filter(u -> !EMBEDDING.equals(u.path("model").asText()))
                .mapToLong(u -> u.path("promptTokens").asLong() + u.path("completionTokens").asLong()).sum();
        assertThat(exportedTokens).isPositive().isEqualTo(chargedTokens);
        assertThat(StreamSupport.stream(export.path("usage").spliterator(), false)
                .filter(u -> EMBEDDING.equals(u.path("model").asText()))
                .mapToLong(u -> u.path("promptTokens").asLong()).sum())
                .as("her documents' embedding is hers too").isPositive();
        assertThat(jdbc.queryForObject("""
                select count(*) from domainevententry where payloadtype like '%PersonalDataExported'
                and convert_from(payload, 'UTF8') like '%"format":"json"%'
                and convert_from(metadata, 'UTF8') like ?""", Long.class, "%" + Api.subject(alice) + "%"))
                .as("the export is recorded with its actor").isEqualTo(1);
    }

    @Test
    void theCsvIsOneTableWhoseTextCannotRunAsAFormula() {
        String conversation = asAlice.start("simulator", null);
        asAlice.awaitCharged(asAlice.post(conversation, "=HYPERLINK(\"http://x\", \"a, b\")\nsecond line", null)
                .path("replyId").asText());

        Api.Response response = api.get("/api/v1/privacy/export?format=csv", alice);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/csv");
        String csv = response.body().asText();
        assertThat(csv).startsWith("record,id,conversation_id,parent_id,role,status,model,created_at,ended_at,text,"
                + "prompt_tokens,completion_tokens,requests,cost_usd\r\n");
        assertThat(csv).contains("\"'=HYPERLINK(\"\"http://x\"\", \"\"a, b\"\")\nsecond line\"");
        assertThat(recordKinds(csv)).contains("profile", "conversation", "message", "usage");
    }

    @Test
    void badFormatsAndApiKeysAreRefused() {
        assertThat(api.get("/api/v1/privacy/export?format=xml", alice).errorCode()).isEqualTo("VALIDATION_ERROR");
        String key = api.post("/api/v1/api-keys", alice, Map.of("name", "k", "scopes", List.of("read", "chat")))
                .body().path("secret").asText();
        assertThat(api.get("/api/v1/privacy/export", key).status())
                .as("a key may read conversations but not carry away the whole account").isEqualTo(403);
    }

    private static JsonNode byId(JsonNode conversations, String id) {
        return StreamSupport.stream(conversations.spliterator(), false)
                .filter(c -> c.path("id").asText().equals(id)).findFirst().orElseThrow();
    }

    /** The first field of each record, skipping line breaks inside quoted fields. */
    private static List<String> recordKinds(String csv) {
        List<String> kinds = new ArrayList<>();
        boolean quoted = false;
        boolean atStart = true;
        StringBuilder field = new StringBuilder();
        for (char c : csv.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                atStart = true;
            } else if (atStart && c == ',' && !quoted) {
                kinds.add(field.toString());
                field.setLength(0);
                atStart = false;
            } else if (atStart && c != '\r') {
                field.append(c);
            }
        }
        return kinds;
    }
}
