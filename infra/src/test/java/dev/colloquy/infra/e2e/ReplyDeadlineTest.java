package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** A reply that never ends is failed by its saga's deadline, with what it had produced. */
@TestPropertySource(properties = "colloquy.replies.timeout=2s")
class ReplyDeadlineTest extends EndToEndTest {

    @AfterEach
    void release() {
        OPENAI.release();
    }

    @Test
    void aReplyThatNeverEndsFailsAtItsDeadlineWithItsPartialContent() {
        String alice = api.login("alice@acme.test");
        Conversations asAlice = new Conversations(api, alice);
        String id = asAlice.start("scripted", null);
        JsonNode posted = asAlice.post(id, "[hold] forever", null);

        JsonNode reply = asAlice.awaitCharged(posted.path("replyId").asText());

        assertThat(reply.path("status").asText()).isEqualTo("failed");
        assertThat(reply.path("errorCode").asText()).isEqualTo("LLM_TIMEOUT");
        assertThat(reply.path("content").asText()).isEqualTo("part1 part2 part3 ");
    }
}
