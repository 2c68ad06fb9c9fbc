package dev.colloquy.infra.llm.openai;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.colloquy.command.model.ChatMessage;
import dev.colloquy.command.model.CompletionListener;
import dev.colloquy.command.model.CompletionRequest;
import dev.colloquy.command.model.LanguageModel;
import dev.colloquy.command.model.ModelFailure;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.reply.TokenUsage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the real openai-java client against an in-process server speaking the chat.completions SSE wire format,
 * so the request encoding, the stream parsing and the error mapping are all the SDK's own.
 */
class OpenAiLanguageModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "gpt-4o-mini";
    private static final CompletionRequest REQUEST = new CompletionRequest(MODEL, List.of(
            new ChatMessage("system", "You are terse."),
            new ChatMessage("user", "Say hello."),
            new ChatMessage("assistant", "Hello."),
            new ChatMessage("user", "Again, in two parts.")), 256);

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private volatile Responder responder;
    private HttpServer server;
    private OpenAiLanguageModel model;

    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange) throws IOException, InterruptedException;
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            received.add(JSON.readTree(exchange.getRequestBody()));
            try {
                responder.respond(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // The default executor is one thread, and some responders block on purpose.
        server.setExecutor(serverThreads);
        server.start();
        model = modelWithTimeout(Duration.ofSeconds(10));
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        model.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void streamsDeltasInOrderAndTakesUsageFromTheFinalChunk() throws IOException {
        responder = exchange -> {
            OutputStream out = openStream(exchange);
            event(out, chunk("assistant", "", null));
            event(out, chunk(null, "Hel", null));
            event(out, chunk(null, "lo, ", null));
            event(out, chunk(null, "again!", null));
            event(out, chunk(null, null, "length"));
            event(out, usageChunk(31, 4));
            done(out);
        };
        Recording listener = new Recording();

        model.stream(REQUEST, listener);

        listener.awaitQuiet();
        assertThat(listener.events).containsExactly(new Delta("Hel"), new Delta("lo, "), new Delta("again!"),
                new Completed("length", new TokenUsage(31, 4)));
        assertThat(listener.text()).isEqualTo("Hello, again!");
        assertThat(authorizations).containsExactly("Bearer sk-test");
        JsonNode body = received.getFirst();
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(body.path("model").asText()).isEqualTo(MODEL);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(256);
        assertThat(body.path("messages")).extracting(m -> m.path("role").asText() + ":" + m.path("content").asText())
                .containsExactly("system:You are terse.", "user:Say hello.", "assistant:Hello.",
                        "user:Again, in two parts.");
    }

    @Test
    void completesWithoutUsageWhenTheServerReportsNone() {
        responder = exchange -> {
            OutputStream out = openStream(exchange);
            event(out, chunk("assistant", "Hi", null));
            event(out, chunk(null, null, "stop"));
            done(out);
        };
        Recording listener = new Recording();

        model.stream(REQUEST, listener);

        listener.awaitQuiet();
        assertThat(listener.events).containsExactly(new Delta("Hi"), new Completed("stop", null));
    }

    @Test
    void streamReturnsBeforeTheServerAnswers() {
        responder = exchange -> {
            release.await();
            OutputStream out = openStream(exchange);
            event(out, chunk("assistant", "late", "stop"));
            done(out);
        };
        Recording listener = new Recording();

        model.stream(REQUEST, listener);
        // Had stream() waited for the network, the server would still be held here and the call would time out.
        release.countDown();

        listener.awaitQuiet();
        assertThat(listener.events).containsExactly(new Delta("late"), new Completed("stop", null));
    }

    @ParameterizedTest
    @CsvSource({
            "429, rate_limit_exceeded, LLM_RATE_LIMITED",
            "401, invalid_api_key, LLM_AUTH_ERROR",
            "403, unsupported_country_region_territory, LLM_AUTH_ERROR",
            "400, context_length_exceeded, LLM_BAD_REQUEST",
            "404, model_not_found, LLM_BAD_REQUEST",
            "422, unprocessable_entity, LLM_BAD_REQUEST",
            "408, request_timeout, LLM_TIMEOUT",
            "504, gateway_timeout, LLM_TIMEOUT",
            "500, server_error, LLM_UNAVAILABLE",
            "503, overloaded, LLM_UNAVAILABLE"})
    void mapsErrorResponsesAfterExactlyOneAttempt(int status, String code, ErrorCode expected) {
        String message = "upstream says " + code;
        responder = exchange -> respondWith(exchange, status, error(message, code));
        Recording listener = new Recording();

        model.stream(REQUEST, listener);

        listener.awaitQuiet();
        assertThat(listener.events).singleElement().isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.failure().code()).isEqualTo(expected);
            assertThat(failed.failure().message()).startsWith("openai: ").contains(message);
        });
        assertThat(received).hasSize(1);
    }

    @Test
    void aStreamThatEndsCleanlyWithoutAFinishReasonWasCutShortAndFails() {
        responder = exchange -> {
            OutputStream out = openStream(exchange);
            event(out, chunk("assistant", "Once upon", null));
            event(out, chunk(null, " a time", null));
            out.close();
        };
        Recording listener = new Recording();

        model.stream(REQUEST, listener);

        listener.awaitQuiet();
        assertThat(listener.events).hasSize(3).startsWith(new Delta("Once upon"), new Delta(" a time"));
        assertThat(listener.failure().code()).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(listener.failure().message()).contains("without a finish reason");
    }

    @Test
    void keepsTheDeltasOfAStreamDroppedMidwayAndThenFails() {
        responder = exchange -> {
            OutputStream out = openStream(exchange);
            event(out, chunk("assistant", "Once upon", null));
            event(out, chunk(null, " a time", null));
            // Escaping the handler makes the JDK server drop the socket without ending the chunked body.
            throw new IOException("connection dropped on purpose");
        };
        Recording listener = new Recording();

        model.stream(REQUEST, listener);

        listener.awaitQuiet();
        assertThat(listener.events).hasSize(3).startsWith(new Delta("Once upon"), new Delta(" a time"));
        assertThat(listener.failure().code()).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(received).hasSize(1);
    }

    @Test
    void failsAMalformedStreamAsUnavailable() {
        responder = exchange -> {
            OutputStream out = openStream(exchange);
            event(out, chunk("assistant", "Hi", null));
            event(out, "{\"id\": \"chatcmpl-broken\", \"choices\": [");
            done(out);
        };
        Recording listener = new Recording();

        model.stream(REQUEST, listener);

        listener.awaitQuiet();
        assertThat(listener.events).hasSize(2).startsWith(new Delta("Hi"));
        assertThat(listener.failure().code()).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
    }

    @Test
    void failsAnErrorEventInsideTheStreamWithTheProvidersMessage() {
        String message = "The server had an error while processing your request. Sorry about that!";
        responder = exchange -> {
            OutputStream out = openStream(exchange);
            event(out, chunk("assistant", "Par", null));
            event(out, error(message, "server_error"));
            done(out);
        };
        Recording listener = new Recording();

        model.stream(REQUEST, listener);

        listener.awaitQuiet();
        assertThat(listener.events).hasSize(2).startsWith(new Delta("Par"));
        assertThat(listener.failure().code()).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(listener.failure().message()).startsWith("openai: ").contains(message);
    }

    @Test
    void reportsATimeoutWhenTheServerNeverAnswers() {
        responder = exchange -> release.await();
        Recording listener = new Recording();

        try (OpenAiLanguageModel impatient = modelWithTimeout(Duration.ofMillis(500))) {
            impatient.stream(REQUEST, listener);
            listener.awaitQuiet();
        }

        assertThat(listener.events).singleElement().isInstanceOf(Failed.class);
        assertThat(listener.failure().code()).isEqualTo(ErrorCode.LLM_TIMEOUT);
        assertThat(listener.failure().message()).startsWith("openai: ");
        assertThat(received).hasSize(1);
    }

    @Test
    void cancelStopsTheUpstreamCallAndSilencesTheListener() {
        CountDownLatch serverSawClose = new CountDownLatch(1);
        responder = exchange -> {
            OutputStream out = openStream(exchange);
            event(out, chunk("assistant", "Hel", null));
            release.await();
            try {
                // A write fails only once the client has closed its end; the bound keeps a failing test finite.
                for (int i = 0; i < 100_000; i++) {
                    event(out, chunk(null, "lo", null));
                }
            } catch (IOException closed) {
                serverSawClose.countDown();
            }
        };
        Recording listener = new Recording();

        LanguageModel.Call call = model.stream(REQUEST, listener);
        await().until(() -> !listener.events.isEmpty());
        call.cancel();
        release.countDown();

        await().until(() -> serverSawClose.getCount() == 0);
        listener.awaitCallersFinished();
        assertThat(listener.events).containsExactly(new Delta("Hel"));
    }

    @Test
    void reportsARefusedConnectionAsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Recording listener = new Recording();

        try (OpenAiLanguageModel nowhere = new OpenAiLanguageModel(
                "http://127.0.0.1:" + closedPort + "/v1", "sk-test", Duration.ofSeconds(10))) {
            nowhere.stream(REQUEST, listener);
            listener.awaitQuiet();
        }

        assertThat(listener.events).singleElement().isInstanceOf(Failed.class);
        assertThat(listener.failure().code()).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
    }

    @Test
    void rejectsAnUnknownRoleWithoutCallingTheServer() {
        Recording listener = new Recording();

        model.stream(new CompletionRequest(MODEL, List.of(new ChatMessage("tool", "{}")), 16), listener);

        listener.awaitQuiet();
        assertThat(listener.failure().code()).isEqualTo(ErrorCode.LLM_BAD_REQUEST);
        assertThat(received).isEmpty();
    }

    private OpenAiLanguageModel modelWithTimeout(Duration timeout) {
        return new OpenAiLanguageModel("http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "sk-test",
                timeout);
    }

    private static OutputStream openStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(UTF_8));
        out.flush();
    }

    private static void done(OutputStream out) throws IOException {
        event(out, "[DONE]");
        out.close();
    }

    private static void respondWith(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String chunk(String role, String content, String finishReason) {
        ObjectNode delta = JSON.createObjectNode();
        if (role != null) {
            delta.put("role", role);
        }
        if (content != null) {
            delta.put("content", content);
        }
        ObjectNode choice = JSON.createObjectNode().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        ObjectNode chunk = envelope();
        chunk.putArray("choices").add(choice);
        chunk.putNull("usage");
        return chunk.toString();
    }

    private static String usageChunk(int promptTokens, int completionTokens) {
        ObjectNode chunk = envelope();
        chunk.putArray("choices");
        chunk.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return chunk.toString();
    }

    private static ObjectNode envelope() {
        return JSON.createObjectNode()
                .put("id", "chatcmpl-9aXk2mQ7Lr5Tz8Wb1Nc4Pe0Hs")
                .put("object", "chat.completion.chunk")
                .put("created", 1718041234L)
                .put("model", "gpt-4o-mini-2024-07-18")
                .put("system_fingerprint", "fp_44709d6fcb");
    }

    private static String error(String message, String code) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error")
                .put("message", message)
                .put("type", "invalid_request_error")
                .putNull("param")
                .put("code", code);
        return body.toString();
    }

    sealed interface Event permits Delta, Completed, Failed {
    }

    record Delta(String text) implements Event {
    }

    record Completed(String finishReason, TokenUsage usage) implements Event {
    }

    record Failed(ModelFailure failure) implements Event {
    }

    /** Records every call and the threads that made them, so a test can wait until no further call can come. */
    static final class Recording implements CompletionListener {
        final List<Event> events = new CopyOnWriteArrayList<>();
        private final Set<Thread> callers = ConcurrentHashMap.newKeySet();

        @Override
        public void onDelta(String text) {
            record(new Delta(text));
        }

        @Override
        public void onComplete(String finishReason, TokenUsage usage) {
            record(new Completed(finishReason, usage));
        }

        @Override
        public void onFailure(ModelFailure failure) {
            record(new Failed(failure));
        }

        private void record(Event event) {
            callers.add(Thread.currentThread());
            events.add(event);
        }

        /** Waits for the ending, then for its thread to finish, after which the events can no longer change. */
        void awaitQuiet() {
            await().until(() -> events.stream().anyMatch(e -> !(e instanceof Delta)));
            awaitCallersFinished();
        }

        void awaitCallersFinished() {
            await().until(() -> callers.stream().noneMatch(Thread::isAlive));
        }

        String text() {
            return events.stream().filter(Delta.class::isInstance).map(e -> ((Delta) e).text())
                    .reduce("", String::concat);
        }

        ModelFailure failure() {
            return events.stream().filter(Failed.class::isInstance).map(e -> ((Failed) e).failure())
                    .findFirst().orElseThrow();
        }
    }
}
