package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Steps a user takes, written once for all end-to-end tests. */
final class Conversations {
    private final Api api;
    private final String token;

    Conversations(Api api, String token) {
        this.api = api;
        this.token = token;
    }

    String token() {
        return token;
    }

    String start(String model, String systemPrompt) {
        Map<String, Object> body = new HashMap<>();
        body.put("model", model);
        if (systemPrompt != null) {
            body.put("systemPrompt", systemPrompt);
        }
        Api.Response response = api.post("/api/v1/conversations", token, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.body().path("id").asText();
    }

    /** Posts a message and answers the response as it is, refusals included. */
    Api.Response attempt(String conversationId, String content) {
        return api.post("/api/v1/conversations/" + conversationId + "/messages", token, Map.of("content", content));
    }

    /** Posts a message and answers the 202 body ({@code messageId}, {@code replyId}, {@code streamUrl}). */
    JsonNode post(String conversationId, String content, String parentMessageId) {
        Map<String, Object> body = new HashMap<>();
        body.put("content", content);
        if (parentMessageId != null) {
            body.put("parentMessageId", parentMessageId);
        }
        Api.Response response = api.post("/api/v1/conversations/" + conversationId + "/messages", token, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return response.body();
    }

    /** Posts and waits until the reply has ended; answers the reply. */
    JsonNode exchange(String conversationId, String content, String parentMessageId) {
        return awaitEnded(post(conversationId, content, parentMessageId).path("replyId").asText());
    }

    JsonNode awaitEnded(String replyId) {
        return awaitReply(replyId, reply -> !List.of("requested", "streaming").contains(reply.path("status").asText()));
    }

    /** Waits until the reply has ended and its usage has been charged. */
    JsonNode awaitCharged(String replyId) {
        return awaitReply(replyId, reply -> !reply.path("costUsd").isNull() && !reply.path("costUsd").isMissingNode());
    }

    private JsonNode awaitReply(String replyId, java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25)).until(() -> {
            Api.Response response = api.get("/api/v1/replies/" + replyId, token);
            last[0] = response.body();
            return response.status() == 200 && condition.test(response.body());
        });
        return last[0];
    }

    JsonNode tree(String conversationId) {
        Api.Response response = api.get("/api/v1/conversations/" + conversationId, token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.body();
    }

    List<String> pathIds(String conversationId, String leaf) {
        Api.Response response = api.get("/api/v1/conversations/" + conversationId + "/path"
                + (leaf == null ? "" : "?leaf=" + leaf), token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.body().path("messages").forEach(m -> ids.add(m.path("id").asText()));
        return ids;
    }

    static JsonNode message(JsonNode tree, String id) {
        for (JsonNode message : tree.path("messages")) {
            if (id.equals(message.path("id").asText())) {
                return message;
            }
        }
        throw new AssertionError("no message " + id + " in " + tree);
    }
}
