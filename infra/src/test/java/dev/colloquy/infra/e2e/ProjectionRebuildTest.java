package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colloquy.projections.conversation.ConversationProjection;
import dev.colloquy.projections.replay.ProjectionReplay;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The read model is a pure function of the event store: rebuilt from scratch, it comes out the same. */
class ProjectionRebuildTest extends EndToEndTest {
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProjectionReplay replay;

    @Test
    void rebuildingTheConversationReadModelReproducesItExactly() {
        createVariedHistory();
        Map<String, Object> before = snapshot();
        long highestPosition = jdbc.queryForObject("select max(position) from message_view", Long.class);

        replay.rebuild(ConversationProjection.GROUP);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(snapshot()).isEqualTo(before));
        await().atMost(Duration.ofSeconds(30)).until(() -> replay.caughtUp(ConversationProjection.GROUP));
        assertThat(jdbc.queryForObject("select min(position) from message_view", Long.class))
                .as("every row was written again by the replay").isGreaterThan(highestPosition);
    }

    private void createVariedHistory() {
        for (String user : List.of("alice@acme.test", "gus@globex.test")) {
            String token = api.login(user);
            Conversations as = new Conversations(api, token);
            String id = as.start("simulator", "system prompt of " + user);
            JsonNode first = as.post(id, "hello from " + user, null);
            JsonNode firstReply = as.awaitCharged(first.path("replyId").asText());
            as.awaitCharged(as.post(id, "second", null).path("replyId").asText());
            as.awaitCharged(as.post(id, "a branch", firstReply.path("id").asText()).path("replyId").asText());
            api.patch("/api/v1/conversations/" + id, token, Map.of("title", "Titled by " + user));
            String fork = api.post("/api/v1/conversations/" + id + "/fork", token,
                    Map.of("messageId", firstReply.path("id").asText())).body().path("id").asText();
            as.awaitCharged(as.post(fork, "in the fork", null).path("replyId").asText());
            // globex is on the free plan, which does not include the scripted model
            if (user.endsWith("@acme.test")) {
                String scripted = as.start("scripted", null);
                as.awaitCharged(as.post(scripted, "[fail:400] rejected", null).path("replyId").asText());
                JsonNode held = as.post(scripted, "[hold] to cancel", null);
                await().atMost(Duration.ofSeconds(30)).until(() -> "streaming".equals(
                        api.get("/api/v1/replies/" + held.path("replyId").asText(), token).body().path("status").asText()));
                api.post("/api/v1/replies/" + held.path("replyId").asText() + "/cancel", token, null);
                as.awaitCharged(held.path("replyId").asText());
            }
            String deleted = as.start("simulator", null);
            api.delete("/api/v1/conversations/" + deleted, token);
        }
        OPENAI.release();
    }

    private Map<String, Object> snapshot() {
        return Map.of(
                "conversations", jdbc.queryForList("select * from conversation_view order by id"),
                "messages", jdbc.queryForList("""
                        select id, conversation_id, parent_id, role, content, status, model, prompt_message_id,
                               finish_reason, prompt_tokens, completion_tokens, cost_usd, error_code, error_message,
                               ttft_ms, latency_ms, created_at, finished_at
                        from message_view order by id"""),
                "order", jdbc.queryForList(
                        "select conversation_id, string_agg(id, ',' order by position) as ids from message_view "
                                + "group by conversation_id order by conversation_id"));
    }
}
