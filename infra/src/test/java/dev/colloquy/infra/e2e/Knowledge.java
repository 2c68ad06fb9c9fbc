package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One user's steps with knowledge bases, through the public API. */
final class Knowledge {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Api api;
    private final String token;

    Knowledge(Api api, String token) {
        this.api = api;
        this.token = token;
    }

    /** A new private knowledge base; answers its id. */
    String create(String name) {
        return create(name, false);
    }

    String create(String name, boolean shared) {
        Api.Response created = api.post("/api/v1/knowledge-bases", token, Map.of("name", name, "shared", shared));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    /** A document from JSON text; answers its id once it is ready. */
    String add(String base, String title, String text) {
        Api.Response added = api.post("/api/v1/knowledge-bases/" + base + "/documents", token,
                Map.of("title", title, "text", text));
        assertThat(added.status()).as(added.toString()).isEqualTo(202);
        assertThat(added.body().path("status").asText()).isEqualTo("processing");
        return awaitStatus(added.body().path("id").asText(), "ready").path("id").asText();
    }

    Api.Response upload(String base, String fileName, String contentType, byte[] content) {
        return api.upload("/api/v1/knowledge-bases/" + base + "/documents", token, fileName, contentType, content);
    }

    JsonNode awaitStatus(String document, String status) {
        return await().atMost(PATIENCE).until(() -> api.get("/api/v1/documents/" + document, token).body(),
                view -> !view.path("status").asText().equals("processing")
                        && assertStatus(view, status));
    }

    private static boolean assertStatus(JsonNode view, String status) {
        assertThat(view.path("status").asText()).as(view.toString()).isEqualTo(status);
        return true;
    }

    Api.Response searchResponse(String base, String query, String mode, int topK) {
        Map<String, Object> body = new HashMap<>(Map.of("query", query, "topK", topK));
        if (mode != null) {
            body.put("mode", mode);
        }
        return api.post("/api/v1/knowledge-bases/" + base + "/search", token, body);
    }

    /** The texts of the hits, best first. */
    List<String> search(String base, String query, String mode) {
        Api.Response found = searchResponse(base, query, mode, 5);
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        return found.body().path("results").findValuesAsText("text");
    }
}
