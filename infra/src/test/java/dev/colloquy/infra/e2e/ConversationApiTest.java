package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Conversations as a user drives them over HTTP: turns, branches, forks, idempotency, isolation, errors. */
class ConversationApiTest extends EndToEndTest {
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void thirdTurnIsSentWithTheFirstTwoTurnsAsContext() {
        String id = asAlice.start("scripted", "Answer briefly.");
        asAlice.exchange(id, "first question", null);
        asAlice.exchange(id, "second question", null);
        JsonNode third = asAlice.exchange(id, "third question", null);

        assertThat(third.path("status").asText()).isEqualTo("completed");
        assertThat(third.path("content").asText()).isEqualTo("Echo: third question");
        List<String> sent = new ArrayList<>();
        OPENAI.requestFor("third question").path("messages")
                .forEach(m -> sent.add(m.path("role").asText() + ": " + m.path("content").asText()));
        assertThat(sent).containsExactly(
                "system: Answer briefly.",
                "user: first question", "assistant: Echo: first question",
                "user: second question", "assistant: Echo: second question",
                "user: third question");
        assertThat(third.path("usage").path("promptTokens").asLong()).isEqualTo(FakeOpenAi.PROMPT_TOKENS);
    }

    @Test
    void postingUnderAnEarlierReplyStartsABranchThatBecomesActive() {
        String id = asAlice.start("simulator", null);
        JsonNode first = asAlice.post(id, "one", null);
        String firstReply = asAlice.awaitEnded(first.path("replyId").asText()).path("id").asText();
        JsonNode second = asAlice.post(id, "two", null);
        asAlice.awaitEnded(second.path("replyId").asText());

        JsonNode edited = asAlice.post(id, "two, edited", firstReply);
        asAlice.awaitEnded(edited.path("replyId").asText());

        JsonNode tree = asAlice.tree(id);
        assertThat(Conversations.message(tree, second.path("messageId").asText()).path("parentId").asText())
                .isEqualTo(firstReply);
        assertThat(Conversations.message(tree, edited.path("messageId").asText()).path("parentId").asText())
                .isEqualTo(firstReply);
        assertThat(tree.path("activeLeafId").asText()).isEqualTo(edited.path("replyId").asText());
        assertThat(asAlice.pathIds(id, null)).containsExactly(first.path("messageId").asText(), firstReply,
                edited.path("messageId").asText(), edited.path("replyId").asText());
        assertThat(asAlice.pathIds(id, second.path("replyId").asText())).containsExactly(
                first.path("messageId").asText(), firstReply, second.path("messageId").asText(),
                second.path("replyId").asText());

        JsonNode next = asAlice.post(id, "three", null);
        assertThat(Conversations.message(asAlice.tree(id), next.path("messageId").asText()).path("parentId").asText())
                .isEqualTo(edited.path("replyId").asText());
        asAlice.awaitEnded(next.path("replyId").asText());

        JsonNode newFirst = asAlice.post(id, "one, edited", "00000000-0000-0000-0000-000000000000");
        assertThat(Conversations.message(asAlice.tree(id), newFirst.path("messageId").asText()).path("parentId")
                .isNull()).isTrue();
        assertThat(asAlice.pathIds(id, null)).containsExactly(newFirst.path("messageId").asText(),
                newFirst.path("replyId").asText());
    }

    @Test
    void forkCopiesThePathAndLeavesTheSourceUntouched() {
        String source = asAlice.start("simulator", "Be kind.");
        JsonNode one = asAlice.post(source, "one", null);
        JsonNode oneReply = asAlice.awaitEnded(one.path("replyId").asText());
        asAlice.exchange(source, "two", null);
        JsonNode sourceBefore = asAlice.tree(source);

        Api.Response forked = api.post("/api/v1/conversations/" + source + "/fork", alice,
                Map.of("messageId", oneReply.path("id").asText()));
        assertThat(forked.status()).isEqualTo(201);
        String fork = forked.body().path("id").asText();

        JsonNode forkTree = asAlice.tree(fork);
        assertThat(forkTree.path("forkedFrom").path("conversationId").asText()).isEqualTo(source);
        assertThat(forkTree.path("forkedFrom").path("messageId").asText()).isEqualTo(oneReply.path("id").asText());
        assertThat(forkTree.path("systemPrompt").asText()).isEqualTo("Be kind.");
        assertThat(contents(forkTree)).containsExactly("one", oneReply.path("content").asText());
        assertThat(asAlice.tree(source)).isEqualTo(sourceBefore);

        JsonNode inFork = asAlice.exchange(fork, "three, in the fork", null);
        Api.Response forkOfFork = api.post("/api/v1/conversations/" + fork + "/fork", alice,
                Map.of("messageId", inFork.path("id").asText()));
        assertThat(forkOfFork.status()).isEqualTo(201);
        assertThat(contents(asAlice.tree(forkOfFork.body().path("id").asText()))).containsExactly("one",
                oneReply.path("content").asText(), "three, in the fork", inFork.path("content").asText());
    }

    @Test
    void aRepeatedClientMessageIdAnswersTheFirstResultAndRecordsNothing() {
        String id = asAlice.start("simulator", null);
        Map<String, Object> body = Map.of("content", "only once", "clientMessageId", "client-42");
        Api.Response first = api.post("/api/v1/conversations/" + id + "/messages", alice, body);
        asAlice.awaitCharged(first.body().path("replyId").asText());
        long events = eventCount(id);

        Api.Response again = api.post("/api/v1/conversations/" + id + "/messages", alice, body);

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(asAlice.tree(id).path("messages")).hasSize(2);
        assertThat(eventCount(id)).isEqualTo(events);
    }

    @Test
    void anotherTenantOrUserGets404OnEveryConversationAndReplyEndpoint() {
        String id = asAlice.start("simulator", null);
        JsonNode posted = asAlice.post(id, "private", null);
        String replyId = posted.path("replyId").asText();
        asAlice.awaitEnded(replyId);
        JsonNode before = asAlice.tree(id);

        for (String intruder : List.of(api.login("gus@globex.test"), api.login("ada@acme.test"))) {
            List<Api.Response> responses = List.of(
                    api.get("/api/v1/conversations/" + id, intruder),
                    api.get("/api/v1/conversations/" + id + "/path", intruder),
                    api.post("/api/v1/conversations/" + id + "/messages", intruder, Map.of("content", "hi")),
                    api.post("/api/v1/conversations/" + id + "/fork", intruder,
                            Map.of("messageId", posted.path("messageId").asText())),
                    api.patch("/api/v1/conversations/" + id, intruder, Map.of("title", "mine")),
                    api.delete("/api/v1/conversations/" + id, intruder),
                    api.post("/api/v1/conversations/" + id + "/restore", intruder, null),
                    api.get("/api/v1/replies/" + replyId, intruder),
                    api.get("/api/v1/replies/" + replyId + "/stream", intruder),
                    api.post("/api/v1/replies/" + replyId + "/cancel", intruder, null));
            assertThat(responses).allSatisfy(response -> {
                assertThat(response.status()).as(response.toString()).isEqualTo(404);
                assertThat(response.errorCode()).isEqualTo("NOT_FOUND");
            });
            JsonNode list = api.get("/api/v1/conversations?limit=100", intruder).body();
            assertThat(list.path("items").findValuesAsText("id")).doesNotContain(id);
        }
        assertThat(asAlice.tree(id)).isEqualTo(before);
    }

    @Test
    void rejectedRequestsAnswerTheErrorEnvelopeAndRecordNothing() {
        String id = asAlice.start("simulator", null);
        String messages = "/api/v1/conversations/" + id + "/messages";
        long events = eventCount(id);

        assertError(api.post(messages, alice, Map.of("content", "")), 400, "VALIDATION_ERROR");
        assertError(api.post(messages, alice, Map.of("content", "x".repeat(32_001))), 400, "VALIDATION_ERROR");
        assertError(api.post(messages, alice, Map.of("content", "hi", "tenantId", "globex")), 400,
                "VALIDATION_ERROR");
        assertError(api.post(messages, alice, Map.of("content", "hi", "parentMessageId", "not-a-uuid")), 400,
                "VALIDATION_ERROR");
        assertError(api.raw("POST", messages, alice, "application/json", "{not json"), 400, "VALIDATION_ERROR");
        assertError(api.post("/api/v1/conversations/not-a-uuid/messages", alice, Map.of("content", "hi")), 400,
                "VALIDATION_ERROR");
        assertError(api.post("/api/v1/conversations", alice, Map.of("model", "no-such-model")), 400,
                "VALIDATION_ERROR");
        assertError(api.raw("POST", messages, alice, "application/json",
                "{\"content\":\"" + "x".repeat(300_000) + "\"}"), 413, "PAYLOAD_TOO_LARGE");
        assertError(api.chunked(messages, alice, "{\"content\":\"" + "x".repeat(300_000) + "\"}"), 413,
                "PAYLOAD_TOO_LARGE");
        Api.Response anonymous = api.post(messages, null, Map.of("content", "hi"));
        assertError(anonymous, 401, "AUTHENTICATION_ERROR");
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        assertError(api.post(messages, alice + "x", Map.of("content", "hi")), 401, "AUTHENTICATION_ERROR");
        assertError(api.post("/api/v1/auth/token", null, Map.of("username", "alice@acme.test", "password", "wrong")),
                401, "AUTHENTICATION_ERROR");

        assertThat(eventCount(id)).isEqualTo(events);
        assertThat(asAlice.tree(id).path("messages")).isEmpty();
    }

    @Test
    void eachCommandIsVisibleToTheNextRead() {
        String id = asAlice.start("simulator", null);
        assertThat(asAlice.tree(id).path("id").asText()).isEqualTo(id);

        assertThat(api.patch("/api/v1/conversations/" + id, alice, Map.of("title", "Renamed")).status())
                .isEqualTo(200);
        assertThat(asAlice.tree(id).path("title").asText()).isEqualTo("Renamed");

        JsonNode posted = asAlice.post(id, "visible at once", null);
        assertThat(contents(asAlice.tree(id))).contains("visible at once");
        assertThat(api.get("/api/v1/replies/" + posted.path("replyId").asText(), alice).status()).isEqualTo(200);

        assertThat(api.delete("/api/v1/conversations/" + id, alice).status()).isEqualTo(204);
        assertError(api.get("/api/v1/conversations/" + id, alice), 404, "NOT_FOUND");
        assertThat(api.get("/api/v1/conversations?limit=100", alice).body().path("items").findValuesAsText("id"))
                .doesNotContain(id);

        assertThat(api.post("/api/v1/conversations/" + id + "/restore", alice, null).status()).isEqualTo(200);
        assertThat(asAlice.tree(id).path("title").asText()).isEqualTo("Renamed");
    }

    @Test
    void listIsNewestFirstAndSearchesTitlesAndMessageText() {
        String older = asAlice.start("simulator", null);
        api.patch("/api/v1/conversations/" + older, alice, Map.of("title", "Zebra facts"));
        String newer = asAlice.start("simulator", null);
        asAlice.post(newer, "tell me about quokkas", null);

        List<String> all = api.get("/api/v1/conversations?limit=100", alice).body().path("items")
                .findValuesAsText("id");
        assertThat(all.indexOf(newer)).isLessThan(all.indexOf(older));
        assertThat(api.get("/api/v1/conversations?q=zebra", alice).body().path("items").findValuesAsText("id"))
                .containsExactly(older);
        JsonNode quokkas = api.get("/api/v1/conversations?q=QUOKKA", alice).body();
        assertThat(quokkas.path("items").findValuesAsText("id")).containsExactly(newer);
        assertThat(quokkas.path("total").asLong()).isEqualTo(1);
        JsonNode page = api.get("/api/v1/conversations?limit=1&offset=1", alice).body();
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("total").asLong()).isGreaterThanOrEqualTo(2);
        assertError(api.get("/api/v1/conversations?limit=0", alice), 400, "VALIDATION_ERROR");
    }

    @Test
    void everyEventCarriesTenantActorTimeAndTraceId() {
        String id = asAlice.start("simulator", null);
        asAlice.awaitCharged(asAlice.post(id, "trace me", null).path("replyId").asText());

        List<Map<String, Object>> rows = jdbc.queryForList("""
                select payloadtype, convert_from(metadata, 'UTF8') as metadata, timestamp
                from domainevententry where aggregateidentifier = ? order by sequencenumber""", id);
        assertThat(rows).extracting(row -> row.get("payloadtype").toString().replaceAll(".*\\.", ""))
                .containsExactly("DialogueStarted", "MessagePosted", "ReplyRequested", "ReplyStarted",
                        "ReplyCompleted", "UsageRecorded");
        assertThat(rows).allSatisfy(row -> {
            JsonNode metadata = read(row.get("metadata").toString());
            assertThat(metadata.path("tenant").asText()).isEqualTo("acme");
            assertThat(metadata.path("actor").asText()).isEqualTo(Api.subject(alice));
            assertThat(metadata.path("traceId").asText()).matches("[0-9a-f]{32}");
            assertThat(row.get("timestamp").toString()).isNotBlank();
        });
        assertThat(rows).noneSatisfy(row -> assertThat(row.get("payloadtype").toString()).contains("Delta"));
    }

    @Test
    void metricsHealthAndOpenApiAreServed() {
        String id = asAlice.start("simulator", null);
        asAlice.awaitEnded(asAlice.post(id, "count me", null).path("replyId").asText());

        Api.Response prometheus = api.get("/actuator/prometheus", null);
        assertThat(prometheus.status()).isEqualTo(200);
        String text = prometheus.body().asText();
        assertThat(text).contains("llm_requests_total{model=\"simulator\",status=\"completed\"}",
                "llm_time_to_first_token_seconds", "llm_total_latency_seconds", "llm_input_tokens_total",
                "llm_output_tokens_total", "llm_active_streams");
        assertThat(text).doesNotContain(Api.subject(alice)).doesNotContain("acme\"");
        assertThat(api.get("/actuator/health/liveness", null).body().path("status").asText()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness", null).body().path("status").asText()).isEqualTo("UP");
        JsonNode openapi = api.get("/v3/api-docs", null).body();
        assertThat(openapi.path("paths").has("/api/v1/conversations/{id}/messages")).isTrue();
        assertThat(openapi.path("paths").has("/api/v1/replies/{id}/stream")).isTrue();
        assertThat(openapi.path("paths").has("/api/v1/admin/users")).isTrue();
        assertThat(openapi.path("components").path("securitySchemes").path("bearer").path("scheme").asText())
                .isEqualTo("bearer");
    }

    private long eventCount(String aggregateId) {
        return jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?",
                Long.class, aggregateId);
    }

    private static List<String> contents(JsonNode tree) {
        List<String> contents = new ArrayList<>();
        tree.path("messages").forEach(m -> contents.add(m.path("content").asText()));
        return contents;
    }

    private static JsonNode read(String json) {
        try {
            return Api.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertError(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.errorCode()).as(response.toString()).isEqualTo(code);
        assertThat(response.body().path("error").path("message").asText()).isNotBlank();
    }
}
