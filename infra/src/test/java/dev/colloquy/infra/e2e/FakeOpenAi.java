package dev.colloquy.infra.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server speaking OpenAI's chat.completions streaming wire format, driven by the last user message:
 * <ul>
 *   <li>{@code [hold]} streams three chunks, then waits until {@link #release()} before finishing;</li>
 *   <li>{@code [steps]} streams {@code step1 }, then one more chunk per {@link #release()} ({@code step2 },
 *   {@code step3 }, and {@code done} to finish), so a test sees the reply grow one step at a time;</li>
 *   <li>{@code [fail:NNN]} answers HTTP NNN with an OpenAI error body;</li>
 *   <li>{@code [break]} streams three chunks, then an error event: the generation fails mid-stream;</li>
 *   <li>{@code [cut]} streams five chunks and ends the body there, with no finish reason and no {@code [DONE]}:
 *   what a proxy dropping the upstream connection between chunks looks like;</li>
 *   <li>anything else streams {@code "Echo: <message>"} in chunks (a word each, or three characters each when
 *   the message contains {@code [tiny]}), then a usage chunk and {@code [DONE]}.</li>
 * </ul>
 * Every request body is kept so tests can check what context the model was given. {@code /embeddings} answers
 * {@link #EMBEDDING_DIMENSIONS}-dimensional vectors that hash each word of a text into a dimension (texts sharing
 * words are near), a token a word, and refuses the next {@link #refuseEmbeddings(int)} requests with a 429.
 */
final class FakeOpenAi implements AutoCloseable {
    static final int PROMPT_TOKENS = 42;
    static final int EMBEDDING_DIMENSIONS = 16;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    /** Each held request waits for a release that happens after it arrived. */
    private long releases;
    private final AtomicInteger embeddingRefusals = new AtomicInteger();
    private final AtomicInteger embeddingCalls = new AtomicInteger();

    static FakeOpenAi start() {
        try {
            return new FakeOpenAi();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FakeOpenAi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::complete);
        server.createContext("/v1/embeddings", this::embed);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /** The request whose last user message is {@code content}. */
    JsonNode requestFor(String content) {
        return requests.stream().filter(r -> content.equals(lastUserMessage(r))).findFirst().orElseThrow();
    }

    void refuseEmbeddings(int requests) {
        embeddingRefusals.set(requests);
    }

    /** Every {@code /embeddings} request so far, the refused ones too. */
    int embeddingCalls() {
        return embeddingCalls.get();
    }

    private void embed(HttpExchange exchange) throws IOException {
        JsonNode request = json.readTree(exchange.getRequestBody());
        embeddingCalls.incrementAndGet();
        if (embeddingRefusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            reply(exchange, 429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\","
                    + "\"code\":\"rate_limit_exceeded\"}}");
            return;
        }
        boolean base64 = "base64".equals(request.path("encoding_format").asText());
        var data = json.createArrayNode();
        int tokens = 0;
        JsonNode input = request.path("input");
        for (int i = 0; i < input.size(); i++) {
            String[] words = input.get(i).asText().toLowerCase(Locale.ROOT).split("\\W+");
            float[] vector = new float[EMBEDDING_DIMENSIONS];
            for (String word : words) {
                if (!word.isEmpty()) {
                    vector[Math.floorMod(word.hashCode(), EMBEDDING_DIMENSIONS)] += 1;
                    tokens++;
                }
            }
            var item = data.addObject().put("object", "embedding").put("index", i);
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(4 * vector.length)
                        .order(ByteOrder.LITTLE_ENDIAN);
                for (float v : vector) {
                    bytes.putFloat(v);
                }
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                var values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
        }
        var body = json.createObjectNode().put("object", "list").put("model", request.path("model").asText());
        body.set("data", data);
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        reply(exchange, 200, json.writeValueAsString(body));
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Lets every held request that has arrived so far finish. */
    synchronized void release() {
        releases++;
        notifyAll();
    }

    private synchronized long ticket() {
        return releases;
    }

    private synchronized void awaitRelease(long ticket) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (releases <= ticket && System.nanoTime() < deadline) {
            wait(1000);
        }
    }

    private void complete(HttpExchange exchange) throws IOException {
        JsonNode request = json.readTree(exchange.getRequestBody());
        long ticket = ticket();
        requests.add(request);
        String message = lastUserMessage(request);
        if (message.startsWith("[fail:")) {
            int status = Integer.parseInt(message.substring(6, 9));
            byte[] body = ("{\"error\":{\"message\":\"scripted failure " + status
                    + "\",\"type\":\"server_error\",\"code\":null}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            if (message.contains("[break]")) {
                for (int i = 1; i <= 3; i++) {
                    chunk(out, "part" + i + " ", null);
                }
                send(out, "{\"error\":{\"message\":\"scripted breakdown\",\"type\":\"server_error\","
                        + "\"code\":null}}");
                return;
            }
            if (message.contains("[cut]")) {
                for (int i = 1; i <= 5; i++) {
                    chunk(out, "part" + i + " ", null);
                }
                return;
            }
            if (message.contains("[steps]")) {
                for (int i = 1; i <= 3; i++) {
                    chunk(out, "step" + i + " ", null);
                    awaitRelease(ticket + i - 1);
                }
                chunk(out, "done", "stop");
            } else if (message.contains("[hold]")) {
                for (int i = 1; i <= 3; i++) {
                    chunk(out, "part" + i + " ", null);
                }
                awaitRelease(ticket);
                chunk(out, "released", "stop");
            } else {
                String reply = "Echo: " + message;
                String[] pieces = message.contains("[tiny]") ? reply.split("(?<=\\G...)") : reply.split("(?<= )");
                for (String piece : pieces) {
                    chunk(out, piece, null);
                }
                chunk(out, "", "stop");
            }
            usage(out, PROMPT_TOKENS, 7);
            send(out, "[DONE]");
        } catch (IOException | InterruptedException e) {
            // the client went away (cancel, shutdown): nothing more to send
        }
    }

    private void chunk(OutputStream out, String content, String finishReason) throws IOException {
        String delta = content.isEmpty() ? "{}" : "{\"content\":" + json.writeValueAsString(content) + "}";
        send(out, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"fake-model\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}");
    }

    private void usage(OutputStream out, int prompt, int completion) throws IOException {
        send(out, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"fake-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
                + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}");
    }

    private static void send(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String lastUserMessage(JsonNode request) {
        String last = "";
        for (JsonNode message : request.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                last = message.path("content").asText();
            }
        }
        return last;
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
