package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@code kill -9} of a node in its own process while it embeds a large document: the node that comes back
 * finishes the document, every chunk gets exactly one vector, and the last passage can be found.
 */
class IngestionKillTest {
    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static final int PARAGRAPHS = 1_200;
    private static ChildNode doomed;
    private static ConfigurableApplicationContext revived;

    @AfterAll
    static void stop() throws Exception {
        if (doomed != null) {
            doomed.close();
        }
        if (revived != null) {
            revived.close();
        }
        OPENAI.close();
    }

    @Test
    void aDocumentHalfEmbeddedWhenItsNodeDiesIsFinishedWhenANodeComesBack() throws Exception {
        doomed = ChildNode.start(OPENAI, Map.of("colloquy.node-id", "doomed"), new File("target/ingestion-node.log"));
        Api dying = doomed.api();
        String token = dying.login("alice@acme.test");
        Knowledge hers = new Knowledge(dying, token);
        String base = hers.create("Almanac " + UUID.randomUUID());
        Api.Response uploaded = hers.upload(base, "almanac.txt", "text/plain", almanac());
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(202);
        String document = uploaded.body().path("id").asText();

        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(TestDatabase.url(),
                TestDatabase.env("COLLOQUY_DB_USER", "colloquy"),
                TestDatabase.env("COLLOQUY_DB_PASSWORD", "colloquy")));
        // Killed mid-way: chunked, some chunks embedded, more still waiting.
        await().atMost(Duration.ofSeconds(120)).until(() -> waiting(jdbc, document) > 0
                && embedded(jdbc, document) >= 32);
        doomed.kill();
        long chunks = jdbc.queryForObject("select count(*) from knowledge_chunk where document_id = ?", Long.class,
                document);
        assertThat(waiting(jdbc, document)).as("chunks the dead node left waiting").isPositive();

        revived = TestNode.boot(false, OPENAI, Map.of("colloquy.node-id", "revived"));
        Api back = TestNode.api(revived);
        String again = back.login("alice@acme.test");
        JsonNode ready = await().atMost(Duration.ofMinutes(5)).until(
                () -> back.get("/api/v1/documents/" + document, again).body(),
                view -> !view.path("status").asText().equals("processing"));
        assertThat(ready.path("status").asText()).as(ready.toString()).isEqualTo("ready");
        assertThat(ready.path("chunkCount").asLong()).isEqualTo(chunks);
        assertThat(embedded(jdbc, document)).as("one vector a chunk, none twice").isEqualTo(chunks);
        assertThat(waiting(jdbc, document)).isZero();
        assertThat(new Knowledge(back, again)
                .search(base, "entry " + (PARAGRAPHS - 1) + " of the almanac", "keyword").getFirst())
                .contains("entry " + (PARAGRAPHS - 1) + " of the almanac");
    }

    /** Distinct paragraphs, so the chunker makes some three hundred chunks that take seconds to embed on two cores. */
    private static byte[] almanac() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < PARAGRAPHS; i++) {
            text.append("This is entry ").append(i).append(" of the almanac: on day ").append(i % 365)
                    .append(" the gardener sows ").append(i % 7 == 0 ? "beans" : "peas").append(" in row ")
                    .append(i % 40).append(" and notes the weather, which was ")
                    .append(i % 3 == 0 ? "wet" : "dry").append(" and mild for the season.\n\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long waiting(JdbcTemplate jdbc, String document) {
        return jdbc.queryForObject("select count(*) from knowledge_chunk where document_id = ? and needs_embedding",
                Long.class, document);
    }

    private static long embedded(JdbcTemplate jdbc, String document) {
        return jdbc.queryForObject("""
                select count(*) from knowledge_vector v join knowledge_chunk c on c.id = v.chunk_id
                where c.document_id = ?""", Long.class, document);
    }
}
