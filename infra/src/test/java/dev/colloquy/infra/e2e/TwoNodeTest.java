package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two nodes on one database behave as one: a conversation whose turns land on either node, in any order, never
 * answers 409 and loses no reply's outcome or usage.
 */
class TwoNodeTest {
    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void bootTwoNodes() {
        first = TestNode.boot(true, OPENAI, Map.of("colloquy.node-id", "node-a"));
        second = TestNode.boot(false, OPENAI, Map.of("colloquy.node-id", "node-b"));
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
        String token = nodes[0].login("alice@acme.test");
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
    void renamesRacingOnBothNodesAllLandAndNoneAnswersAConflict() throws Exception {
        Api[] nodes = {TestNode.api(first), TestNode.api(second)};
        String token = nodes[0].login("alice@acme.test");
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
