package dev.colloquy.infra.e2e;

import static dev.colloquy.infra.e2e.ConversationApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streamed replies over SSE: numbering, resume, late subscribers, cancel, upstream failures, disconnects. */
class ReplyStreamingTest extends EndToEndTest {

    @Test
    void aStreamSendsNumberedDeltasThenExactlyOneTerminalEvent() {
        String id = asAlice.start("simulator", null);
        JsonNode posted = asAlice.post(id, "stream this", null);

        try (Api.Stream stream = api.stream(posted.path("streamUrl").asText(), alice, null)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.closed);

            assertThat(stream.status).isEqualTo(200);
            assertThat(stream.headers.get("x-accel-buffering")).containsExactly("no");
            assertThat(stream.headers.get("content-type").getFirst()).startsWith("text/event-stream");
            List<Api.Event> deltas = stream.deltas();
            assertThat(deltas).isNotEmpty();
            for (int i = 0; i < deltas.size(); i++) {
                assertThat(deltas.get(i).id()).isEqualTo(Integer.toString(i + 1));
                assertThat(deltas.get(i).data().path("seq").asInt()).isEqualTo(i + 1);
            }
            assertThat(stream.events.getLast().name()).isEqualTo("completed");
            assertThat(stream.events.stream().filter(e -> !"delta".equals(e.name()))).hasSize(1);
            JsonNode reply = asAlice.awaitEnded(posted.path("replyId").asText());
            assertThat(stream.text()).isEqualTo(reply.path("content").asText()).startsWith("[simulated]");
            assertThat(stream.terminal().data().path("content").asText()).isEqualTo(reply.path("content").asText());
        }
    }

    @Test
    void reconnectingWithLastEventIdResumesWithNothingLostOrRepeated() {
        String id = asAlice.start("scripted", null);
        JsonNode posted = asAlice.post(id, "[hold] resume me", null);
        String streamUrl = posted.path("streamUrl").asText();

        Api.Stream first = api.stream(streamUrl, alice, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.deltas().size() >= 2);
        first.close();
        List<Api.Event> seen = first.deltas().subList(0, 1);

        try (Api.Stream resumed = api.stream(streamUrl, alice, "1")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !resumed.deltas().isEmpty());
            OPENAI.release();
            await().atMost(Duration.ofSeconds(30)).until(() -> resumed.closed);

            assertThat(resumed.deltas().getFirst().id()).isEqualTo("2");
            String whole = seen.getFirst().data().path("text").asText() + resumed.text();
            assertThat(whole).isEqualTo("part1 part2 part3 released");
            assertThat(resumed.terminal().name()).isEqualTo("completed");
            assertThat(resumed.terminal().data().path("content").asText()).isEqualTo(whole);
        }
    }

    @Test
    void subscribingAfterTheReplyEndedGivesTheWholeContentAndTheTerminalEvent() {
        String id = asAlice.start("simulator", null);
        JsonNode posted = asAlice.post(id, "late subscriber", null);
        JsonNode reply = asAlice.awaitEnded(posted.path("replyId").asText());

        try (Api.Stream stream = api.stream(posted.path("streamUrl").asText(), alice, null)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.closed);
            assertThat(stream.text()).isEqualTo(reply.path("content").asText());
            assertThat(stream.terminal().name()).isEqualTo("completed");
        }
    }

    @Test
    void cancellingMidStreamKeepsThePartialReplyAndChargesIt() {
        String id = asAlice.start("scripted", null);
        JsonNode posted = asAlice.post(id, "[hold] cancel me", null);
        String replyId = posted.path("replyId").asText();

        try (Api.Stream stream = api.stream(posted.path("streamUrl").asText(), alice, null)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.text().contains("part3"));
            Api.Response cancel = api.post("/api/v1/replies/" + replyId + "/cancel", alice, null);
            assertThat(cancel.status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.closed);

            assertThat(stream.terminal().name()).isEqualTo("cancelled");
            assertThat(stream.terminal().data().path("partialContent").asText()).isEqualTo("part1 part2 part3 ");
        }
        JsonNode reply = asAlice.awaitCharged(replyId);
        assertThat(reply.path("status").asText()).isEqualTo("cancelled");
        assertThat(reply.path("content").asText()).isEqualTo("part1 part2 part3 ");
        assertThat(reply.path("usage").path("completionTokens").asLong()).isPositive();
        assertThat(reply.path("costUsd").decimalValue()).isPositive();
        assertError(api.post("/api/v1/replies/" + replyId + "/cancel", alice, null), 409, "CONFLICT");
    }

    @Test
    void anUpstreamStreamCutShortFailsTheReplyAndKeepsAndChargesItsText() {
        String conversation = asAlice.start("scripted", null);
        String replyId = asAlice.post(conversation, "[cut] by a proxy", null).path("replyId").asText();

        JsonNode reply = asAlice.awaitCharged(replyId);

        assertThat(reply.path("status").asText()).isEqualTo("failed");
        assertThat(reply.path("errorCode").asText()).isEqualTo("LLM_UNAVAILABLE");
        assertThat(reply.path("content").asText()).isEqualTo("part1 part2 part3 part4 part5 ");
        assertThat(reply.path("usage").path("completionTokens").asLong()).isPositive();
    }

    @Test
    void aClientThatDisconnectsDoesNotStopTheGeneration() {
        String id = asAlice.start("scripted", null);
        JsonNode posted = asAlice.post(id, "[hold] keep going", null);
        Api.Stream stream = api.stream(posted.path("streamUrl").asText(), alice, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> !stream.deltas().isEmpty());
        stream.close();

        OPENAI.release();

        JsonNode reply = asAlice.awaitEnded(posted.path("replyId").asText());
        assertThat(reply.path("status").asText()).isEqualTo("completed");
        assertThat(reply.path("content").asText()).isEqualTo("part1 part2 part3 released");
    }

    @Test
    void anUpstreamErrorEndsTheStreamAsFailedWithItsCode() {
        String id = asAlice.start("scripted", null);
        JsonNode posted = asAlice.post(id, "[fail:400] bad request", null);

        try (Api.Stream stream = api.stream(posted.path("streamUrl").asText(), alice, null)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.closed);
            assertThat(stream.terminal().name()).isEqualTo("failed");
            assertThat(stream.terminal().data().path("code").asText()).isEqualTo("LLM_BAD_REQUEST");
        }
        JsonNode reply = asAlice.awaitCharged(posted.path("replyId").asText());
        assertThat(reply.path("errorCode").asText()).isEqualTo("LLM_BAD_REQUEST");
        assertThat(reply.path("costUsd").decimalValue()).isZero();
        assertThat(OPENAI.requests().stream()
                .filter(r -> r.toString().contains("[fail:400] bad request"))).hasSize(1);
    }

    @Test
    void aRetryableUpstreamErrorIsRetriedTwiceThenFails() {
        String id = asAlice.start("scripted", null);
        JsonNode posted = asAlice.post(id, "[fail:503] unavailable", null);

        JsonNode reply = asAlice.awaitEnded(posted.path("replyId").asText());

        assertThat(reply.path("status").asText()).isEqualTo("failed");
        assertThat(reply.path("errorCode").asText()).isEqualTo("LLM_UNAVAILABLE");
        assertThat(OPENAI.requests().stream()
                .filter(r -> r.toString().contains("[fail:503] unavailable"))).hasSize(3);
    }

    @Test
    void postingUnderAReplyStillStreamingIsAConflict() {
        String id = asAlice.start("scripted", null);
        JsonNode posted = asAlice.post(id, "[hold] busy", null);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> OPENAI.requests().stream().anyMatch(r -> r.toString().contains("[hold] busy")));

        Api.Response second = api.post("/api/v1/conversations/" + id + "/messages", alice,
                java.util.Map.of("content", "too early"));

        assertError(second, 409, "REPLY_IN_PROGRESS");
        OPENAI.release();
        assertThat(asAlice.awaitEnded(posted.path("replyId").asText()).path("status").asText())
                .isEqualTo("completed");
    }
}
