package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import dev.colloquy.command.reply.InterruptedReplies;
import dev.colloquy.command.reply.ReplyGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two nodes on one database behave as one: a conversation whose turns land on either node, in any order, never
 * answers 409 and loses no reply's outcome or usage. Each test has a user of its own: the abuse policy rightly
 * throttles one user posting this fast, this regularly, for a whole class.
 */
class TwoNodeTest {
    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @BeforeAll
    static void bootTwoNodes() {
        first = TestNode.boot(true, OPENAI, Map.of("colloquy.node-id", "node-a"));
        second = TestNode.boot(false, OPENAI, Map.of("colloquy.node-id", "node-b"));
    }

    @AfterEach
    void releaseHeldReplies() {
        OPENAI.release();
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
        OPENAI.close();
    }

    @Test
    void aConversationAlternatingBetweenNodesForTwentyTurnsNeverConflicts() {
        Api[] nodes = {TestNode.api(first), TestNode.api(second)};
        String token = nodes[0].newUserOf("acme", "member");
        String conversation = new Conversations(nodes[0], token).start("scripted", null);
        for (int turn = 0; turn < 20; turn++) {
            Conversations via = new Conversations(nodes[turn % 2], token);
            Api.Response posted = via.attempt(conversation, "turn " + turn);
            assertThat(posted.status()).as("turn %d: %s", turn, posted).isEqualTo(202);
            JsonNode reply = new Conversations(nodes[(turn + 1) % 2], token)
                    .awaitCharged(posted.body().path("replyId").asText());
            assertThat(reply.path("status").asText()).as("turn %d", turn).isEqualTo("completed");
            assertThat(reply.path("content").asText()).as("turn %d", turn).isEqualTo("Echo: turn " + turn);
        }
        JsonNode tree = new Conversations(nodes[1], token).tree(conversation);
        assertThat(tree.path("messages").size()).isEqualTo(40);
    }

    @Test
    void aSubscriberOnTheOtherNodeGetsEveryDeltaInOrderAndTheEnding() {
        String token = TestNode.api(first).newUserOf("acme", "member");
        String conversation = new Conversations(TestNode.api(first), token).start("scripted", null);
        JsonNode posted = new Conversations(TestNode.api(first), token).post(conversation, "[steps] far away", null);
        String replyId = posted.path("replyId").asText();
        Api elsewhere = notGenerating(replyId);

        try (Api.Stream stream = elsewhere.stream(posted.path("streamUrl").asText(), token, null)) {
            await().atMost(PATIENCE).until(() -> stream.text().contains("step1"));
            OPENAI.release();
            await().atMost(PATIENCE).until(() -> stream.text().contains("step2"));
            OPENAI.release();
            OPENAI.release();
            await().atMost(PATIENCE).until(() -> stream.terminal() != null);

            assertThat(stream.terminal().name()).isEqualTo("completed");
            assertThat(stream.text()).isEqualTo("step1 step2 step3 done");
            assertThat(stream.terminal().data().path("content").asText()).isEqualTo("step1 step2 step3 done");
            List<Long> ids = stream.deltas().stream().map(d -> Long.parseLong(d.id())).toList();
            assertThat(ids).isEqualTo(java.util.stream.LongStream.rangeClosed(1, ids.size()).boxed().toList());
        }
    }

    @Test
    void aLateSubscriberOnTheOtherNodeResumesFromItsLastEventId() {
        String token = TestNode.api(first).newUserOf("acme", "member");
        String conversation = new Conversations(TestNode.api(first), token).start("scripted", null);
        JsonNode posted = new Conversations(TestNode.api(first), token).post(conversation, "[steps] resumed", null);
        String replyId = posted.path("replyId").asText();
        Api elsewhere = notGenerating(replyId);
        await().atMost(PATIENCE).until(() -> generatedText(replyId).contains("step1"));
        OPENAI.release();
        await().atMost(PATIENCE).until(() -> generatedText(replyId).contains("step2"));

        try (Api.Stream stream = elsewhere.stream(posted.path("streamUrl").asText(), token, null)) {
            await().atMost(PATIENCE).until(() -> stream.text().contains("step2"));
            assertThat(stream.text()).isEqualTo("step1 step2 ");
            OPENAI.release();
            OPENAI.release();
            await().atMost(PATIENCE).until(() -> stream.terminal() != null);
            assertThat(stream.text()).isEqualTo("step1 step2 step3 done");
        }
    }

    @Test
    void aCancelThroughTheOtherNodeStopsTheGenerationAndChargesWhatWasUsed() {
        String token = TestNode.api(first).newUserOf("acme", "member");
        String conversation = new Conversations(TestNode.api(first), token).start("scripted", null);
        JsonNode posted = new Conversations(TestNode.api(first), token).post(conversation, "[hold] stop me", null);
        String replyId = posted.path("replyId").asText();
        Api elsewhere = notGenerating(replyId);
        try (Api.Stream stream = elsewhere.stream(posted.path("streamUrl").asText(), token, null)) {
            await().atMost(PATIENCE).until(() -> stream.text().contains("part3"));

            assertThat(elsewhere.post("/api/v1/replies/" + replyId + "/cancel", token, null).status())
                    .isEqualTo(202);

            await().atMost(PATIENCE).until(() -> stream.terminal() != null);
            assertThat(stream.terminal().name()).isEqualTo("cancelled");
            JsonNode reply = new Conversations(elsewhere, token).awaitCharged(replyId);
            assertThat(reply.path("status").asText()).isEqualTo("cancelled");
            assertThat(reply.path("content").asText()).isEqualTo("part1 part2 part3 ");
            assertThat(reply.path("usage").path("completionTokens").asLong()).isPositive();
        }
    }

    @Test
    void whenTheGeneratingNodeGoesSilentTheOtherEndsTheReplyAndItsSubscribersHearIt() {
        String token = TestNode.api(first).newUserOf("acme", "member");
        String conversation = new Conversations(TestNode.api(first), token).start("scripted", null);
        JsonNode posted = new Conversations(TestNode.api(first), token).post(conversation, "[hold] orphaned", null);
        String replyId = posted.path("replyId").asText();
        ConfigurableApplicationContext survivingNode = notGeneratingNode(replyId);
        Api survivor = TestNode.api(survivingNode);
        ConfigurableApplicationContext silentNode = survivingNode == first ? second : first;
        try (Api.Stream stream = survivor.stream(posted.path("streamUrl").asText(), token, null)) {
            await().atMost(PATIENCE).until(() -> stream.text().contains("part3"));
            await().atMost(PATIENCE).until(() -> generatedText(replyId).contains("part3"));
            // The generating node stops without a word, as under kill -9; its checkpoint ages past stale-after,
            // and is older than what the subscriber was shown (a node checkpoints once a second).
            silentNode.getBean(ReplyGenerator.class).stop(replyId);
            first.getBean(JdbcTemplate.class).update("update reply_checkpoint set updated_at = now() - interval "
                    + "'1 minute', content = 'part1 ' where reply_id = ?", replyId);

            assertThat(survivingNode.getBean(InterruptedReplies.class).sweep()).isEqualTo(1);

            await().atMost(PATIENCE).until(() -> stream.terminal() != null);
            assertThat(stream.terminal().name()).isEqualTo("failed");
            assertThat(stream.terminal().data().path("code").asText()).isEqualTo("REPLY_INTERRUPTED");
            assertThat(stream.text()).isEqualTo("part1 part2 part3 ");
        }
        JsonNode stored = new Conversations(survivor, token).awaitCharged(replyId);
        assertThat(stored.path("content").asText()).as("what the subscriber saw").isEqualTo("part1 part2 part3 ");
        assertThat(stored.path("usage").path("estimated").asBoolean()).isTrue();
    }

    /** The node that does not generate the reply (the saga may run on either). */
    private static Api notGenerating(String replyId) {
        return TestNode.api(notGeneratingNode(replyId));
    }

    private static ConfigurableApplicationContext notGeneratingNode(String replyId) {
        JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
        String node = await().atMost(PATIENCE).until(() -> jdbc.queryForList(
                "select node_id from reply_checkpoint where reply_id = ?", String.class, replyId), l -> !l.isEmpty())
                .getFirst();
        return "node-a".equals(node) ? second : first;
    }

    private static String generatedText(String replyId) {
        // the owner's stream, read from the start: what has been generated so far
        return first.getBean(JdbcTemplate.class).queryForList(
                "select content from reply_checkpoint where reply_id = ?", String.class, replyId).stream()
                .findFirst().orElse("");
    }

    /**
     * The reply saga's two segments end up one on each node, so both settle replies. A saga belongs to the segment
     * its (random) id hashes to, so replies are charged until each node has charged some: 24 replies all landing
     * on one node would happen once in eight million runs.
     */
    @Test
    void bothNodesSettleRepliesAndReportTheirProcessorsLag() {
        JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForList(
                "select distinct owner from tokenentry where processorname = 'ReplySagaProcessor'", String.class),
                owners -> owners.size() == 2 && owners.containsAll(List.of("node-a", "node-b")));
        Api[] nodes = {TestNode.api(first), TestNode.api(second)};
        String series = "colloquy_replies_settled_total";
        double[] before = {nodes[0].metric(series), nodes[1].metric(series)};
        String token = nodes[0].newUserOf("acme", "member");
        Conversations member = new Conversations(nodes[0], token);
        String conversation = member.start("scripted", null);
        for (int reply = 0; reply < 24 && !(settledSince(nodes[0], before[0]) && settledSince(nodes[1], before[1]));
             reply++) {
            String text = "settled by either node, reply " + reply;
            member.awaitCharged(member.post(conversation, text, null).path("replyId").asText());
        }
        // counted once the charge commits, which a reader may see a moment before the counter moves
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(settledSince(nodes[0], before[0])).as("node-a settled some").isTrue();
            assertThat(settledSince(nodes[1], before[1])).as("node-b settled some").isTrue();
        });
        for (Api node : nodes) {
            await().atMost(PATIENCE).until(() -> node.metric(
                    "colloquy_processor_lag_events{processor=\"ReplySagaProcessor\"}") == 0
                    && node.get("/actuator/health", null).body().path("components").path("processors")
                    .path("status").asText().equals("UP"));
        }
    }

    private static boolean settledSince(Api node, double before) {
        return node.metric("colloquy_replies_settled_total") > before;
    }

    @Test
    void renamesRacingOnBothNodesAllLandAndNoneAnswersAConflict() throws Exception {
        Api[] nodes = {TestNode.api(first), TestNode.api(second)};
        String token = nodes[0].newUserOf("acme", "member");
        String conversation = new Conversations(nodes[0], token).start("scripted", null);
        List<CompletableFuture<Api.Response>> renames = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                Api via = nodes[i % 2];
                String title = "title " + i;
                renames.add(CompletableFuture.supplyAsync(() -> via.patch("/api/v1/conversations/" + conversation,
                        token, Map.of("title", title)), pool));
            }
            for (CompletableFuture<Api.Response> rename : renames) {
                assertThat(rename.get().status()).as(rename.get().toString()).isEqualTo(200);
            }
        }
        JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("""
                select count(*) from domainevententry where aggregateidentifier = ? and payloadtype like '%Renamed'""",
                Long.class, conversation)).isEqualTo(16);
    }
}
