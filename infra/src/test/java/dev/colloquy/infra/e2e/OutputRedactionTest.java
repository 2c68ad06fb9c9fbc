package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A tenant that redacts e-mail addresses and card numbers: the model's reply arrives in three-character chunks
 * that split both values, and neither ever reaches the client, the stored reply or the event.
 */
class OutputRedactionTest extends EndToEndTest {
    private static final String MESSAGE = "[tiny] write to bob.smith@example.com, card 4111 1111 1111 1111, thanks";
    private static final String REDACTED = "Echo: [tiny] write to [REDACTED:EMAIL], card [REDACTED:PAYMENT_CARD], thanks";

    @Autowired
    JdbcTemplate jdbc;
    String admin;

    @BeforeEach
    void redactEmailAndCards() {
        admin = api.login("ada@acme.test");
        assertThat(api.put("/api/v1/admin/guard-policy", admin, Map.of("injectionPolicy", "flag",
                "redactedPii", List.of("payment_card", "email"))).body().path("redactedPii").toString())
                .isEqualTo("[\"email\",\"payment_card\"]");
    }

    @AfterEach
    void stopRedacting() {
        api.put("/api/v1/admin/guard-policy", admin, Map.of("injectionPolicy", "flag", "redactedPii", List.of()));
    }

    @Test
    void personalDataSplitAcrossChunksNeverReachesTheClient() {
        String conversation = asAlice.start("scripted", null);
        JsonNode posted = asAlice.post(conversation, MESSAGE, null);
        String replyId = posted.path("replyId").asText();

        try (Api.Stream stream = api.stream(posted.path("streamUrl").asText(), alice, null)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.terminal() != null);
            StringBuilder seen = new StringBuilder();
            for (Api.Event delta : stream.deltas()) {
                seen.append(delta.data().path("text").asText());
                assertThat(seen.toString()).doesNotContain("bob.smith@", "example.com", "4111 1111", "4111");
            }
            assertThat(seen.toString()).isEqualTo(REDACTED);
        }
        JsonNode reply = asAlice.awaitEnded(replyId);
        assertThat(reply.path("content").asText()).isEqualTo(REDACTED);
        String event = jdbc.queryForObject("""
                select convert_from(payload, 'UTF8') from domainevententry
                where aggregateidentifier = ? and payloadtype like '%ReplyCompleted'""", String.class, conversation);
        assertThat(event).contains("\"redactedPii\":[\"email\",\"payment_card\"]").doesNotContain("bob.smith",
                "4111");
    }

    @Test
    void aTenantThatDoesNotRedactGetsTheReplyUntouched() {
        String globex = api.login("gus@globex.test");
        Conversations asGus = new Conversations(api, globex);
        String conversation = asGus.start("simulator", null);
        JsonNode reply = asGus.awaitEnded(asGus.post(conversation, "hello", null).path("replyId").asText());

        assertThat(reply.path("content").asText()).doesNotContain("[REDACTED");
        assertThat(jdbc.queryForObject("""
                select convert_from(payload, 'UTF8') from domainevententry
                where aggregateidentifier = ? and payloadtype like '%ReplyCompleted'""", String.class, conversation))
                .contains("\"redactedPii\":[]");
    }
}
