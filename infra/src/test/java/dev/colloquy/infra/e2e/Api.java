package dev.colloquy.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A thin HTTP client for Colloquy's API as a user would call it: JSON over HTTP and SSE. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The seeded users' password in the demo and test profiles. */
    static final String DEMO_PASSWORD = "colloquy-demo";

    Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    record Response(int status, JsonNode body, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        String errorCode() {
            return body.path("error").path("code").asText(null);
        }
    }

    /** The user id ({@code sub}) an access token names; tokens are not secret to their holder. */
    static String subject(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                StandardCharsets.UTF_8);
        try {
            return JSON.readTree(payload).path("sub").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String login(String username) {
        Response response = send("POST", "/api/v1/auth/token", null,
                Map.of("username", username, "password", DEMO_PASSWORD));
        if (response.status() != 200) {
            throw new IllegalStateException("login failed: " + response);
        }
        return response.body().path("access_token").asText();
    }

    Response post(String path, String token, Object body) {
        return send("POST", path, token, body);
    }

    Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, body);
    }

    Response put(String path, String token, Object body) {
        return send("PUT", path, token, body);
    }

    /** Signs in and returns the whole token response (access and refresh token). */
    JsonNode signIn(String username) {
        Response response = send("POST", "/api/v1/auth/token", null,
                Map.of("username", username, "password", DEMO_PASSWORD));
        if (response.status() != 200) {
            throw new IllegalStateException("login failed: " + response);
        }
        return response.body();
    }

    /** A counter of {@code /actuator/prometheus}, e.g. {@code colloquy_rate_limited_total{limit="x"}}; 0 if absent. */
    double metric(String series) {
        for (String line : get("/actuator/prometheus", null).body().asText().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    /** A new user of {@code tenant} with {@code role}, made by the platform admin; answers their token. */
    String newUserOf(String tenant, String role) {
        String username = role + "-" + UUID.randomUUID() + "@" + tenant + ".test";
        Response created = post("/api/v1/admin/tenants/" + tenant + "/users", login("root@colloquy.test"),
                Map.of("username", username, "password", DEMO_PASSWORD, "roles", List.of(role)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return login(username);
    }

    /** The abuse signals of one user as the admin's listing shows them at {@code minScore}; null if not listed. */
    JsonNode abuseSignalsOf(String adminToken, String userId, int minScore) {
        Response response = get("/api/v1/admin/abuse-signals?minScore=" + minScore, adminToken);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        for (JsonNode user : response.body().path("users")) {
            if (userId.equals(user.path("userId").asText())) {
                return user;
            }
        }
        return null;
    }

    Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    Response delete(String path, String token) {
        return send("DELETE", path, token, null);
    }

    Response raw(String method, String path, String token, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = parse(response.body());
            return new Response(response.statusCode(), json, response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A {@code multipart/form-data} POST with one file part named {@code file}, as a browser's form sends it. */
    Response upload(String path, String token, String fileName, String contentType, byte[] content) {
        String boundary = "colloquy-" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n";
        body.writeBytes(head.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), parse(response.body()), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A POST whose body is streamed without a Content-Length (chunked transfer encoding). */
    Response chunked(String path, String token, String body) {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), parse(response.body()), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** JSON bodies as trees; anything else (Prometheus text, say) as a text node. */
    private static JsonNode parse(String body) {
        if (body.isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    private Response send(String method, String path, String token, Object body) {
        try {
            return raw(method, path, token, body == null ? null : "application/json",
                    body == null ? null : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens an SSE subscription that collects events on a background thread until the stream ends. */
    Stream stream(String path, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        Stream stream = new Stream();
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream()).thenAccept(response -> {
            stream.status = response.statusCode();
            stream.headers = response.headers().map();
            stream.read(response.body());
        }).exceptionally(error -> {
            stream.closed = true;
            return null;
        });
        return stream;
    }

    record Event(String id, String name, JsonNode data) {
    }

    static final class Stream implements AutoCloseable {
        final List<Event> events = new CopyOnWriteArrayList<>();
        volatile int status;
        volatile Map<String, List<String>> headers = Map.of();
        volatile boolean closed;
        volatile int comments;
        private volatile java.io.InputStream body;

        private void read(java.io.InputStream input) {
            body = input;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
                String id = null;
                String name = null;
                StringBuilder data = new StringBuilder();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.isEmpty()) {
                        if (name != null || !data.isEmpty()) {
                            events.add(new Event(id, name, data.isEmpty() ? null : JSON.readTree(data.toString())));
                        }
                        id = null;
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith(":")) {
                        comments++;
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (IOException e) {
                // closed by the test or the server
            } finally {
                closed = true;
            }
        }

        List<Event> deltas() {
            return events.stream().filter(e -> "delta".equals(e.name())).toList();
        }

        String text() {
            StringBuilder text = new StringBuilder();
            deltas().forEach(d -> text.append(d.data().path("text").asText()));
            return text.toString();
        }

        private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");

        Event terminal() {
            return events.stream().filter(e -> TERMINAL.contains(e.name())).findFirst().orElse(null);
        }

        /** Drops the connection, as a browser tab that is closed would. */
        @Override
        public void close() {
            try {
                if (body != null) {
                    body.close();
                }
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
