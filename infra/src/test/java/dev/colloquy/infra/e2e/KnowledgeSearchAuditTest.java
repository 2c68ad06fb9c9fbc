package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import dev.colloquy.projections.replay.ProjectionReplay;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who searched which knowledge base is on the audit record, an API search with its query and a reply's
 * retrieval with its conversation; and every embedding (a document's, a query's) is usage, counted at the local
 * model's price of 0, a document's once however often its read model is rebuilt.
 */
class KnowledgeSearchAuditTest extends EndToEndTest {
    private static final String LOCAL_MODEL = "all-minilm-l6-v2";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProjectionReplay replay;

    @Test
    void anApiSearchAndAReplysRetrievalAreOnTheAuditorsLogOfThatBase() {
        Member pat = Member.ofAcme(api, Map.of());
        Knowledge theirs = new Knowledge(api, pat.token());
        String base = theirs.create("Orchard " + UUID.randomUUID());
        theirs.add(base, "Pears", "Pear trees are pruned in winter while they are dormant.");
        assertThat(theirs.search(base, "when are pear trees pruned?", "semantic")).hasSize(1);
        String conversation = pat.conversations().start("simulator", null);
        assertThat(api.patch("/api/v1/conversations/" + conversation, pat.token(),
                Map.of("knowledgeBaseIds", List.of(base))).status()).isEqualTo(200);
        String replyId = pat.conversations().exchange(conversation, "How do I prune pears?", null)
                .path("id").asText();

        String audrey = api.login("audrey@acme.test");
        List<JsonNode> entries = awaitEntries("/api/v1/audit/knowledge-searches?knowledgeBaseId=" + base, audrey, 2);
        JsonNode byReply = entries.get(0);
        assertThat(byReply.path("searcherId").asText()).isEqualTo(pat.id());
        assertThat(byReply.path("conversationId").asText()).isEqualTo(conversation);
        assertThat(byReply.path("replyId").asText()).isEqualTo(replyId);
        assertThat(byReply.path("results").asInt()).isEqualTo(1);
        assertThat(byReply.path("query").isNull()).as("the reply's query is its message, in the conversation")
                .isTrue();
        JsonNode byApi = entries.get(1);
        assertThat(byApi.path("searcherId").asText()).isEqualTo(pat.id());
        assertThat(byApi.path("query").asText()).isEqualTo("when are pear trees pruned?");
        assertThat(byApi.path("mode").asText()).isEqualTo("semantic");
        assertThat(byApi.path("topK").asInt()).isEqualTo(5);
        assertThat(byApi.path("results").asInt()).isEqualTo(1);
        assertThat(byApi.path("traceId").asText()).isNotBlank();
        assertThat(awaitEntries("/api/v1/audit/knowledge-searches?userId=" + pat.id(), audrey, 2)).hasSize(2);

        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/audit/accesses", audrey).body()
                .path("accesses").findValuesAsText("view").contains("knowledge-searches"));
        assertThat(api.get("/api/v1/audit/knowledge-searches", pat.token()).status()).isEqualTo(403);
        String otherAuditor = api.newUserOf("globex", "auditor");
        assertThat(api.get("/api/v1/audit/knowledge-searches?knowledgeBaseId=" + base, otherAuditor).status())
                .as("another tenant's base").isEqualTo(404);
        assertThat(api.get("/api/v1/audit/knowledge-searches?knowledgeBaseId=nope", audrey).status())
                .isEqualTo(400);
    }

    @Test
    void everyEmbeddingIsUsageOfTheEmbeddingModelAtItsPriceAndADocumentIsChargedOnce() {
        Member pat = Member.ofAcme(api, Map.of());
        Knowledge theirs = new Knowledge(api, pat.token());
        String base = theirs.create("Kitchen " + UUID.randomUUID());
        String bread = theirs.add(base, "Bread", "Bread dough rises for two hours in a warm kitchen.");
        theirs.search(base, "how long does dough rise?", null);
        theirs.search(base, "dough", "keyword");
        String conversation = pat.conversations().start("simulator", null);
        api.patch("/api/v1/conversations/" + conversation, pat.token(), Map.of("knowledgeBaseIds", List.of(base)));
        pat.conversations().exchange(conversation, "And bread?", null);

        // The document's chunks, the hybrid search's query and the reply's (the keyword search embedded nothing).
        await().atMost(Duration.ofSeconds(30)).until(() -> requests(pat.id()) == 3);
        Map<String, Object> day = day(pat.id());
        assertThat((Long) day.get("prompt_tokens")).as("the document's and two queries' tokens").isGreaterThan(14);
        assertThat((Long) day.get("completion_tokens")).isZero();
        assertThat((BigDecimal) day.get("cost_usd")).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(((Number) day.get("unpriced_requests")).intValue()).as("priced, at 0").isZero();
        assertThat(charges(bread)).isEqualTo(1);

        // Rebuilding the knowledge read model embeds the document again, and sends its charge again: still one.
        replay.rebuild("knowledge");
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from knowledge_embedding_usage where document_id = ? and charged", Long.class,
                bread) == 1);
        assertThat(charges(bread)).isEqualTo(1);
        assertThat(day(pat.id())).isEqualTo(day);
    }

    private long charges(String document) {
        return jdbc.queryForObject("""
                select count(*) from domainevententry
                where aggregateidentifier = ? and payloadtype like '%DocumentEmbedded'""", Long.class, document);
    }

    private Map<String, Object> day(String user) {
        return jdbc.queryForMap("""
                select requests, prompt_tokens, completion_tokens, cost_usd, unpriced_requests from usage_ledger
                where user_id = ? and model = ? and period = 'day'""", user, LOCAL_MODEL);
    }

    private int requests(String user) {
        return jdbc.queryForList("select requests from usage_ledger where user_id = ? and model = ? and period = 'day'",
                Integer.class, user, LOCAL_MODEL).stream().mapToInt(Integer::intValue).sum();
    }

    private List<JsonNode> awaitEntries(String path, String token, int count) {
        List<JsonNode> entries = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            entries.clear();
            Api.Response response = api.get(path, token);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            response.body().path("items").forEach(entries::add);
            return entries.size() >= count;
        });
        return entries;
    }
}
