package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A knowledge base embedded by an OpenAI-compatible {@code /embeddings} (the real openai-java client against the
 * local fake): its 429s are waited out, never dropped, and its tokens are usage at the model's price.
 */
class RemoteEmbeddingTest extends EndToEndTest {
    private static final String REMOTE = "remote-embed";

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void remoteModel(DynamicPropertyRegistry registry) {
        registry.add("colloquy.knowledge.embedding-models[0].id", () -> "all-minilm-l6-v2");
        registry.add("colloquy.knowledge.embedding-models[0].provider", () -> "local");
        registry.add("colloquy.knowledge.embedding-models[1].id", () -> REMOTE);
        registry.add("colloquy.knowledge.embedding-models[1].provider", () -> "openai");
        registry.add("colloquy.knowledge.embedding-models[1].upstream-name", () -> "fake-embedding");
        registry.add("colloquy.knowledge.embedding-models[1].dimensions", () -> FakeOpenAi.EMBEDDING_DIMENSIONS);
        registry.add("colloquy.knowledge.embedding-models[1].usd-per-million-tokens", () -> "20");
    }

    @Test
    void aRemoteModelsRateLimitsAreWaitedOutAndItsTokensArePricedUsage() {
        Member pat = Member.ofAcme(api, Map.of());
        Api.Response created = api.post("/api/v1/knowledge-bases", pat.token(),
                Map.of("name", "Remote " + UUID.randomUUID(), "embeddingModel", REMOTE));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String base = created.body().path("id").asText();
        assertThat(created.body().path("embeddingModel").asText()).isEqualTo(REMOTE);

        int before = OPENAI.embeddingCalls();
        OPENAI.refuseEmbeddings(2);
        Knowledge theirs = new Knowledge(api, pat.token());
        String document = theirs.add(base, "Bees", "Hives are checked every nine days in spring.");
        assertThat(OPENAI.embeddingCalls() - before).as("two refusals, then the answer").isGreaterThanOrEqualTo(3);
        assertThat(jdbc.queryForList("select distinct model || ':' || dims from knowledge_vector v "
                + "join knowledge_chunk c on c.id = v.chunk_id where c.document_id = ?", String.class, document))
                .containsExactly(REMOTE + ":" + FakeOpenAi.EMBEDDING_DIMENSIONS);

        JsonNode found = theirs.searchResponse(base, "when are hives checked", "semantic", 5).body();
        assertThat(found.path("results").get(0).path("documentId").asText()).isEqualTo(document);

        // The document's words (eight, and its heading's) and the query's four, a token a word, at $20 a million.
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select coalesce(sum(requests), 0) from usage_ledger where user_id = ? and model = ? "
                        + "and period = 'day'", Long.class, pat.id(), REMOTE) == 2);
        Map<String, Object> day = jdbc.queryForMap("select prompt_tokens, cost_usd, unpriced_requests "
                + "from usage_ledger where user_id = ? and model = ? and period = 'day'", pat.id(), REMOTE);
        long tokens = (Long) day.get("prompt_tokens");
        assertThat(tokens).isGreaterThanOrEqualTo(12);
        assertThat((BigDecimal) day.get("cost_usd"))
                .isEqualByComparingTo(BigDecimal.valueOf(tokens).multiply(new BigDecimal("0.00002")));
        assertThat(((Number) day.get("unpriced_requests")).intValue()).isZero();
    }
}
