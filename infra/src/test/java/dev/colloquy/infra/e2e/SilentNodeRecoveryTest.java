package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colloquy.command.reply.InterruptedReplies;
import dev.colloquy.command.reply.ReplyGenerator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A reply whose node went silent is ended by another node with the content that node had checkpointed. */
class SilentNodeRecoveryTest extends EndToEndTest {
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    InterruptedReplies interruptedReplies;
    @Autowired
    ReplyGenerator generator;


    @Test
    void aReplyOfANodeSilentLongerThanTheStaleTimeEndsFailedWithItsCheckpointedContent() {
        String id = asAlice.start("scripted", null);
        String replyId = asAlice.post(id, "[hold] on a node that dies", null).path("replyId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> OPENAI.requests().stream()
                .anyMatch(r -> r.toString().contains("[hold] on a node that dies")));
        // The generating node stops without a word; its row now looks like one last written two minutes ago.
        generator.stop(replyId);
        jdbc.update("""
                update reply_checkpoint set node_id = 'a-node-that-died', content = 'checkpointed elsewhere',
                       updated_at = now() - interval '2 minutes'
                where reply_id = ?""", replyId);
        String otherRunning = asAlice.post(asAlice.start("scripted", null), "[hold] alive here", null)
                .path("replyId").asText();

        assertThat(interruptedReplies.sweep()).isEqualTo(1);

        JsonNode reply = asAlice.awaitCharged(replyId);
        assertThat(reply.path("status").asText()).isEqualTo("failed");
        assertThat(reply.path("errorCode").asText()).isEqualTo("REPLY_INTERRUPTED");
        assertThat(reply.path("content").asText()).isEqualTo("checkpointed elsewhere");
        assertThat(api.get("/api/v1/replies/" + otherRunning, alice).body().path("status").asText())
                .isIn("requested", "streaming");
    }
}
