package dev.colloquy.infra.llm.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.Timeout;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.colloquy.command.model.ChatMessage;
import dev.colloquy.command.model.CompletionListener;
import dev.colloquy.command.model.CompletionRequest;
import dev.colloquy.command.model.LanguageModel;
import dev.colloquy.command.model.ModelFailure;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.reply.TokenUsage;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Streams chat completions from OpenAI or an OpenAI-compatible server (vLLM, Ollama) through openai-java.
 *
 * <p>Each call runs the SDK's blocking stream on its own virtual thread rather than on the SDK's async API:
 * the async {@code AsyncStreamResponse.close()} cannot abort a request whose response headers have not
 * arrived yet, and after that it closes the body from the cancelling thread while the handler thread is still
 * reading it. Interrupting a virtual thread blocked on a socket closes that socket, which stops the upstream
 * call in every phase and leaves all reads and the close on one thread.
 */
public final class OpenAiLanguageModel implements LanguageModel, AutoCloseable {
    private static final String PROVIDER = "openai";

    private final OpenAIClient client;

    public OpenAiLanguageModel(String baseUrl, String apiKey, Duration timeout) {
        this.client = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                // Retries belong to the caller's single policy; a hidden SDK retry would multiply them.
                .maxRetries(0)
                // A silence timeout, not a total one: a healthy long reply must not be cut off. The whole reply
                // is bounded by the reply saga's deadline instead.
                .timeout(Timeout.builder().connect(timeout).read(timeout).write(timeout)
                        .request(Duration.ZERO).build())
                .build();
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public Call stream(CompletionRequest request, CompletionListener listener) {
        Streaming streaming = new Streaming(request, listener);
        streaming.worker.start();
        return streaming;
    }

    @Override
    public void close() {
        client.close();
    }

    @SuppressWarnings("deprecation") // maxTokens, on purpose: see below
    private static ChatCompletionCreateParams paramsFor(CompletionRequest request) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(request.upstreamModel())
                // max_tokens, not max_completion_tokens: Ollama and llama.cpp read only max_tokens, vLLM reads both.
                .maxTokens(request.maxOutputTokens())
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        request.messages().forEach(message -> add(params, message));
        return params.build();
    }

    private static void add(ChatCompletionCreateParams.Builder params, ChatMessage message) {
        switch (message.role()) {
            case "system" -> params.addSystemMessage(message.content());
            case "user" -> params.addUserMessage(message.content());
            case "assistant" -> params.addAssistantMessage(message.content());
            default -> throw new IllegalArgumentException("unsupported chat role: " + message.role());
        }
    }

    private static ModelFailure failureOf(RuntimeException e) {
        return switch (e) {
            // An error event inside a 200 stream: the request was accepted, the generation broke down.
            case SseException event -> failure(ErrorCode.LLM_UNAVAILABLE,
                    "error event in the stream: " + providerText(event.body()).orElse("no message"));
            case OpenAIServiceException http -> failure(codeFor(http.statusCode()), describe(http));
            case OpenAIIoException io when timedOut(io) -> failure(ErrorCode.LLM_TIMEOUT, "timed out: " + describe(io));
            case OpenAIIoException io -> failure(ErrorCode.LLM_UNAVAILABLE, describe(io));
            case OpenAIInvalidDataException bad ->
                    failure(ErrorCode.LLM_UNAVAILABLE, "malformed stream: " + bad.getMessage());
            // The role mapping throws this, and resending the same messages cannot fix it.
            case IllegalArgumentException bad -> failure(ErrorCode.LLM_BAD_REQUEST, bad.getMessage());
            default -> failure(ErrorCode.LLM_UNAVAILABLE, String.valueOf(e));
        };
    }

    private static ModelFailure failure(ErrorCode code, String message) {
        return new ModelFailure(code, PROVIDER + ": " + message);
    }

    private static ErrorCode codeFor(int status) {
        return switch (status) {
            case 429 -> ErrorCode.LLM_RATE_LIMITED;
            case 401, 403 -> ErrorCode.LLM_AUTH_ERROR;
            case 400, 404, 422 -> ErrorCode.LLM_BAD_REQUEST;
            case 408, 504 -> ErrorCode.LLM_TIMEOUT;
            default -> status >= 500 ? ErrorCode.LLM_UNAVAILABLE : ErrorCode.LLM_PROVIDER_ERROR;
        };
    }

    private static String describe(OpenAIServiceException e) {
        String status = "HTTP " + e.statusCode();
        return providerText(e.body()).map(text -> text + " (" + status + ")").orElse(status);
    }

    /**
     * The SDK hands over the body's {@code error} object when there is one, else the whole body; compatible
     * servers differ ({@code {"error":"..."}} from Ollama, a top-level {@code message} from older vLLM).
     */
    private static Optional<String> providerText(JsonValue body) {
        // A visitor, because Java sees JsonValue as a raw JsonField and its as*() accessors lose their types.
        return body.accept(new JsonValue.Visitor<Optional<String>>() {
            @Override
            public Optional<String> visitString(String text) {
                return Optional.of(text);
            }

            @Override
            public Optional<String> visitObject(Map<String, ? extends JsonValue> fields) {
                return Stream.of("message", "error").map(fields::get).filter(Objects::nonNull)
                        .map(OpenAiLanguageModel::providerText).flatMap(Optional::stream).findFirst();
            }

            @Override
            public Optional<String> visitDefault() {
                return Optional.empty();
            }
        });
    }

    // OkHttp reports its call, read and connect timeouts as InterruptedIOException (SocketTimeoutException).
    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(OpenAIIoException e) {
        Throwable cause = e.getCause();
        if (cause == null) {
            return e.getMessage();
        }
        String detail = cause.getMessage() != null ? ": " + cause.getMessage() : "";
        return e.getMessage() + ": " + cause.getClass().getSimpleName() + detail;
    }

    /** One completion; the lock makes "no listener call after cancel()" hold even for a call already under way. */
    private final class Streaming implements Call {
        private final CompletionListener listener;
        private final ReentrantLock lock = new ReentrantLock();
        private final Thread worker;
        private boolean ended;
        private String finishReason;
        private TokenUsage usage;

        Streaming(CompletionRequest request, CompletionListener listener) {
            this.listener = listener;
            this.worker = Thread.ofVirtual().name("openai-stream").unstarted(() -> run(request));
        }

        @Override
        public void cancel() {
            if (end()) {
                worker.interrupt();
            }
        }

        private void run(CompletionRequest request) {
            try (StreamResponse<ChatCompletionChunk> response =
                         client.chat().completions().createStreaming(paramsFor(request))) {
                response.stream().forEach(this::accept);
            } catch (RuntimeException e) {
                fail(failureOf(e));
                return;
            }
            complete();
        }

        private void accept(ChatCompletionChunk chunk) {
            chunk.usage().ifPresent(reported -> usage =
                    new TokenUsage(reported.promptTokens(), reported.completionTokens()));
            chunk.choices().stream().findFirst().ifPresent(choice -> {
                choice.finishReason().ifPresent(reason -> finishReason = reason.asString());
                choice.delta().content().filter(text -> !text.isEmpty()).ifPresent(this::delta);
            });
        }

        private void delta(String text) {
            deliver(false, to -> to.onDelta(text));
        }

        /**
         * Every well-formed stream names why it finished; one that just ends (a proxy or the server dropped it
         * between chunks, cleanly closing the body) was cut short, and its reply fails with what it had.
         */
        private void complete() {
            if (finishReason == null) {
                fail(failure(ErrorCode.LLM_UNAVAILABLE, "the stream ended without a finish reason (cut short)"));
                return;
            }
            deliver(true, to -> to.onComplete(finishReason, usage));
        }

        private void fail(ModelFailure failure) {
            deliver(true, to -> to.onFailure(failure));
        }

        // Delivering under the lock means cancel() returns only once a call under way has finished.
        private void deliver(boolean ending, Consumer<CompletionListener> call) {
            lock.lock();
            try {
                if (!ended) {
                    ended = ending;
                    call.accept(listener);
                }
            } finally {
                lock.unlock();
            }
        }

        /** Claims the ending for cancel(); false when the call already ended. */
        private boolean end() {
            lock.lock();
            try {
                boolean first = !ended;
                ended = true;
                return first;
            } finally {
                lock.unlock();
            }
        }
    }
}
