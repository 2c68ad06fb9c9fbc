package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application stops while a reply streams; after it starts again the reply is failed with the content
 * generated before the stop. Nothing hangs, nothing generated is lost.
 */
class RestartRecoveryTest {
    private static final FakeOpenAi OPENAI = FakeOpenAi.start();

    @AfterAll
    static void stopFakeOpenAi() {
        OPENAI.close();
    }

    @Test
    void aReplyInterruptedByARestartEndsFailedWithItsPartialContent() {
        String replyId;
        String token;
        try (ConfigurableApplicationContext before = boot(true)) {
            Api api = api(before);
            token = api.login("alice@acme.test");
            Conversations asAlice = new Conversations(api, token);
            String id = asAlice.start("scripted", null);
            JsonNode posted = asAlice.post(id, "[hold] survive a restart", null);
            replyId = posted.path("replyId").asText();
            try (Api.Stream stream = api.stream(posted.path("streamUrl").asText(), token, null)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> stream.text().contains("part3"));
            }
            JdbcTemplate jdbc = before.getBean(JdbcTemplate.class);
            String reply = replyId;
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                    "select content from reply_checkpoint where reply_id = ?", String.class, reply)
                    .contains("part1 part2 part3 "));
        }

        try (ConfigurableApplicationContext after = boot(false)) {
            Api api = api(after);
            Conversations asAlice = new Conversations(api, token);
            JsonNode reply = asAlice.awaitCharged(replyId);

            assertThat(reply.path("status").asText()).isEqualTo("failed");
            assertThat(reply.path("errorCode").asText()).isEqualTo("REPLY_INTERRUPTED");
            assertThat(reply.path("content").asText()).isEqualTo("part1 part2 part3 ");
            try (Api.Stream stream = api.stream("/api/v1/replies/" + replyId + "/stream", token, null)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> stream.closed);
                assertThat(stream.text()).isEqualTo("part1 part2 part3 ");
                assertThat(stream.terminal().name()).isEqualTo("failed");
            }
            JdbcTemplate jdbc = after.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("""
                    select count(*) from domainevententry
                    where payloadtype like '%UsageRecorded' and convert_from(payload, 'UTF8') like ?""",
                    Long.class, "%" + replyId + "%")).isEqualTo(1);
            assertThat(jdbc.queryForObject("select count(*) from reply_checkpoint where reply_id = ?", Long.class,
                    replyId)).isZero();
        } finally {
            OPENAI.release();
        }
    }

    private static ConfigurableApplicationContext boot(boolean cleanDatabase) {
        return TestNode.boot(cleanDatabase, OPENAI, Map.of("colloquy.node-id", "restart-test-node",
                "colloquy.replies.checkpoint-interval", "100ms"));
    }

    private static Api api(ConfigurableApplicationContext node) {
        return TestNode.api(node);
    }
}
