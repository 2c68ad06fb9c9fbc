package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A reply that never ends is failed by its saga's deadline, with what it had produced; while it hangs, its
 * stream stays alive with heartbeats. (Short timeout and heartbeat here; 5 min and 15 s by default.)
 */
@TestPropertySource(properties = {"colloquy.replies.timeout=5s", "colloquy.replies.heartbeat=200ms"})
class ReplyDeadlineTest extends EndToEndTest {


    @Test
    void aReplyThatNeverEndsFailsAtItsDeadlineWithItsPartialContent() {
        String id = asAlice.start("scripted", null);
        JsonNode posted = asAlice.post(id, "[hold] forever", null);

        try (Api.Stream stream = api.stream(posted.path("streamUrl").asText(), alice, null)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.comments >= 2);
            assertThat(stream.terminal()).isNull();

            JsonNode reply = asAlice.awaitCharged(posted.path("replyId").asText());

            assertThat(reply.path("status").asText()).isEqualTo("failed");
            assertThat(reply.path("errorCode").asText()).isEqualTo("LLM_TIMEOUT");
            assertThat(reply.path("content").asText()).isEqualTo("part1 part2 part3 ");
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.closed);
            assertThat(stream.terminal().name()).isEqualTo("failed");
            assertThat(stream.terminal().data().path("code").asText()).isEqualTo("LLM_TIMEOUT");
        }
    }
}
