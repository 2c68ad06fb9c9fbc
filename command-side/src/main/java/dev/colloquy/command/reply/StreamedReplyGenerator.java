package dev.colloquy.command.reply;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.colloquy.command.guard.PiiRedactor;
import dev.colloquy.command.guard.PiiType;
import dev.colloquy.command.guard.StreamingRedactor;
import dev.colloquy.command.model.CompletionListener;
import dev.colloquy.command.model.CompletionRequest;
import dev.colloquy.command.model.ContextWindow;
import dev.colloquy.command.model.LanguageModel;
import dev.colloquy.command.model.LanguageModels;
import dev.colloquy.command.model.ModelCatalogue;
import dev.colloquy.command.model.ModelFailure;
import dev.colloquy.command.model.ModelSpec;
import dev.colloquy.command.model.TokenCount;
import dev.colloquy.kernel.PlainText;
import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.reply.CiteSources;
import dev.colloquy.kernel.reply.CompleteReply;
import dev.colloquy.kernel.reply.FailReply;
import dev.colloquy.kernel.reply.ReplyContext;
import dev.colloquy.kernel.reply.ReplyPrice;
import dev.colloquy.kernel.reply.ReplyRequested;
import dev.colloquy.kernel.reply.StartReply;
import dev.colloquy.kernel.reply.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams replies from the language model on virtual threads. The command model supplies the context
 * ({@link StartReply}), deltas go to the {@link ReplyDeltaSink} and, coarsely, to {@link ReplyCheckpoints};
 * the stored outcome is one {@link CompleteReply} or {@link FailReply}.
 */
public class StreamedReplyGenerator implements ReplyGenerator, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamedReplyGenerator.class);

    private final CommandGateway commands;
    private final ModelCatalogue catalogue;
    private final LanguageModels models;
    private final ContextWindow window;
    private final TokenCount tokens;
    private final ReplyDeltaSink sink;
    private final ReplyTelemetry telemetry;
    private final ReplyCheckpoints checkpoints;
    private final RetryPolicy retries;
    private final RedactionPolicy redaction;
    private final Grounding grounding;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("reply-checkpoints").factory());
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** Replies stopped before their generation got going here; it halts as soon as it does. */
    private final Set<String> stopRequested = ConcurrentHashMap.newKeySet();

    public StreamedReplyGenerator(CommandGateway commands, ModelCatalogue catalogue, LanguageModels models,
                                  TokenCount tokens, ReplyDeltaSink sink, ReplyTelemetry telemetry,
                                  ReplyCheckpoints checkpoints, RetryPolicy retries, RedactionPolicy redaction,
                                  Grounding grounding, Duration checkpointInterval) {
        this.commands = commands;
        this.catalogue = catalogue;
        this.models = models;
        this.window = new ContextWindow(tokens);
        this.tokens = tokens;
        this.sink = sink;
        this.telemetry = telemetry;
        this.checkpoints = checkpoints;
        this.retries = retries;
        this.redaction = redaction;
        this.grounding = grounding;
        long every = checkpointInterval.toMillis();
        timer.scheduleWithFixedDelay(this::checkpoint, every, every, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::heartbeat, every * 5, every * 5, TimeUnit.MILLISECONDS);
    }

    @Override
    public void begin(ReplyRequested requested, MetaData origin) {
        boolean claimed = checkpoints.claim(requested.replyId(), requested.conversationId(), requested.model(),
                (String) origin.get(MetadataKeys.TENANT), (String) origin.get(MetadataKeys.ACTOR),
                (String) origin.get(MetadataKeys.TRACE_ID));
        if (!claimed) {
            return; // already being generated, here or on another node
        }
        sink.open(requested.replyId());
        Runnable start = () -> workers.execute(() -> run(requested, origin));
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(uow -> start.run());
        } else {
            start.run();
        }
    }

    @Override
    public Optional<PartialReply> stop(String replyId) {
        Running run = running.remove(replyId);
        if (run == null) {
            stopRequested.add(replyId);
            return Optional.empty();
        }
        PartialReply partial = run.halt();
        telemetry.streamClosed(run.spec.id(), "cancelled", run.elapsed(), partial.usage());
        return Optional.of(partial);
    }

    @Override
    public void ended(String replyId) {
        running.remove(replyId);
        stopRequested.remove(replyId);
        checkpoints.close(replyId);
    }

    private ReplyPrice priceOf(String model) {
        return catalogue.find(model).map(spec -> spec.priceAt(GenericEventMessage.clock.instant()))
                .map(price -> new ReplyPrice(price.inputPerMillion(), price.outputPerMillion())).orElse(null);
    }

    private void run(ReplyRequested requested, MetaData origin) {
        ReplyContext context;
        try {
            context = commands.sendAndWait(asCommandMessage(
                    new StartReply(requested.conversationId(), requested.replyId(), priceOf(requested.model())))
                    .andMetaData(origin));
        } catch (ColloquyException e) {
            log.info("reply {} not started: {}", requested.replyId(), e.getMessage());
            return; // cancelled or ended before it could start; its saga ends with that event
        } catch (RuntimeException e) {
            log.warn("reply {} could not start", requested.replyId(), e);
            fail(requested.conversationId(), requested.replyId(), requested.model(), origin,
                    ErrorCode.INTERNAL_ERROR, "the reply could not start", "", TokenUsage.NONE);
            return;
        }
        Optional<ModelSpec> spec = catalogue.find(context.model());
        if (spec.isEmpty()) {
            fail(context.conversationId(), context.replyId(), context.model(), origin, ErrorCode.LLM_BAD_REQUEST,
                    "model " + context.model() + " is not in the model catalogue", "", TokenUsage.NONE);
            return;
        }
        Grounding.Grounded grounded;
        try {
            grounded = ground(context, spec.get(), origin);
        } catch (ColloquyException e) {
            log.info("reply {} not started: {}", context.replyId(), e.getMessage());
            return; // cancelled while its sources were found
        } catch (RuntimeException e) {
            log.warn("knowledge retrieval for reply {} failed", context.replyId(), e);
            fail(context.conversationId(), context.replyId(), context.model(), origin,
                    ErrorCode.KNOWLEDGE_UNAVAILABLE, "the conversation's knowledge bases could not be searched", "",
                    TokenUsage.NONE);
            return;
        }
        ContextWindow.Fitted fitted;
        try {
            fitted = window.fit(context, spec.get(), grounded.message());
        } catch (ColloquyException e) {
            fail(context.conversationId(), context.replyId(), context.model(), origin, e.code(), e.getMessage(), "",
                    TokenUsage.NONE);
            return;
        }
        Set<PiiType> redacted = redaction.forTenant((String) origin.get(MetadataKeys.TENANT));
        Running run = new Running(context.conversationId(), context.replyId(), spec.get(), origin,
                fitted.promptTokens(), context.knowledgeBaseIds().isEmpty() ? -1 : grounded.citations().size(),
                new CompletionRequest(spec.get().upstreamName(), fitted.messages(),
                spec.get().outputReserve()),
                redacted.isEmpty() ? null : new StreamingRedactor(new PiiRedactor(redacted)));
        running.put(run.replyId, run);
        if (stopRequested.remove(run.replyId) && running.remove(run.replyId, run)) {
            return; // cancelled (or timed out) while it was starting: the model is never called
        }
        telemetry.streamOpened(run.spec.id());
        attempt(run, 0);
    }

    private void attempt(Running run, int retry) {
        LanguageModel model = models.forProvider(run.spec.provider());
        run.call = model.stream(run.request, new CompletionListener() {
            @Override
            public void onDelta(String delta) {
                // A model's text is not trusted either: a NUL in it would stop every read model copying the reply.
                String text = PlainText.withoutControlCharacters(delta);
                boolean first = !run.hasContent();
                String releasable = run.append(text);
                if (first) {
                    telemetry.firstToken(run.spec.id(), run.elapsed());
                }
                if (!run.halted && !releasable.isEmpty()) {
                    sink.delta(run.replyId, releasable);
                }
            }

            @Override
            public void onComplete(String finishReason, TokenUsage usage) {
                if (running.remove(run.replyId, run)) {
                    workers.execute(() -> complete(run, finishReason, usage));
                }
            }

            @Override
            public void onFailure(ModelFailure failure) {
                if (run.halted || running.get(run.replyId) != run) {
                    return;
                }
                if (failure.retryable() && !run.hasContent() && retry < retries.maxRetries()) {
                    log.info("reply {}: {} from the model, retry {} of {}", run.replyId, failure.code(), retry + 1,
                            retries.maxRetries());
                    timer.schedule(() -> workers.execute(() -> attempt(run, retry + 1)),
                            retries.backoff(retry).toMillis(), TimeUnit.MILLISECONDS);
                    return;
                }
                if (running.remove(run.replyId, run)) {
                    PartialReply partial = run.halt();
                    telemetry.streamClosed(run.spec.id(), "failed", run.elapsed(), partial.usage());
                    workers.execute(() -> fail(run.conversationId, run.replyId, run.spec.id(), run.origin,
                            failure.code(), failure.message(), partial));
                }
            }
        });
    }

    /**
     * Finds the reply's sources and records them before the model is called, so that the stored reply, the
     * audit and every subscriber (the {@code citations} event, ahead of the first delta) see what its prompt held.
     */
    private Grounding.Grounded ground(ReplyContext context, ModelSpec spec, MetaData origin) {
        if (context.knowledgeBaseIds().isEmpty()) {
            return Grounding.Grounded.NONE;
        }
        Grounding.Grounded grounded = grounding.ground(context, (String) origin.get(MetadataKeys.TENANT),
                (String) origin.get(MetadataKeys.ACTOR), sourceBudget(context, spec));
        commands.sendAndWait(asCommandMessage(new CiteSources(context.conversationId(), context.replyId(),
                grounded.citations(), grounded.withheld(), context.knowledgeBaseIds(), grounded.embeddingModel(),
                grounded.embeddingTokens(), grounded.embeddingCostUsd()))
                .andMetaData(origin));
        telemetry.sourcesRetrieved(grounded.citations().size(), grounded.withheld().size());
        sink.notice(context.replyId(), "citations",
                Map.of("replyId", context.replyId(), "citations", grounded.citations()));
        return grounded;
    }

    /** A third of the window at most, and never more than the system prompt and the message leave. */
    private int sourceBudget(ReplyContext context, ModelSpec spec) {
        int room = spec.contextWindow() - spec.outputReserve() - TokenCount.PER_CONVERSATION
                - 3 * TokenCount.PER_MESSAGE - tokens.of(context.systemPrompt())
                - tokens.of(context.path().getLast().content());
        return Math.max(0, Math.min(room, (spec.contextWindow() - spec.outputReserve()) / 3));
    }

    private void complete(Running run, String finishReason, TokenUsage reported) {
        String heldBack = run.releaseRest();
        if (!heldBack.isEmpty()) {
            sink.delta(run.replyId, heldBack);
        }
        String content = run.released();
        TokenUsage usage = reported != null ? reported
                : TokenUsage.estimated(run.promptTokens, tokens.of(run.generated()));
        long ttft = run.firstTokenAt == 0 ? run.elapsed().toMillis() : (run.firstTokenAt - run.startedAt) / 1_000_000;
        Duration latency = run.elapsed();
        telemetry.streamClosed(run.spec.id(), "completed", latency, usage);
        int unmatched = run.sources < 0 ? 0 : Grounding.unmatchedMarkers(content, run.sources);
        if (unmatched > 0) {
            telemetry.citationsUnmatched(run.spec.id(), unmatched);
        }
        send(new CompleteReply(run.conversationId, run.replyId, content, run.spec.id(),
                finishReason == null ? "stop" : finishReason, usage, ttft, latency.toMillis(), run.redactedPii()),
                run.origin);
    }

    private void fail(String conversationId, String replyId, String model, MetaData origin, ErrorCode code,
                      String message, String partial, TokenUsage usage) {
        fail(conversationId, replyId, model, origin, code, message, new PartialReply(partial, model, usage, List.of()));
    }

    private void fail(String conversationId, String replyId, String model, MetaData origin, ErrorCode code,
                      String message, PartialReply partial) {
        send(new FailReply(conversationId, replyId, code.name(), message, partial.content(), model, partial.usage(),
                partial.redactedPii()), origin);
    }

    private void send(Object command, MetaData origin) {
        try {
            commands.sendAndWait(asCommandMessage(command).andMetaData(origin));
        } catch (RuntimeException e) {
            // The checkpoint stays behind, so recovery (or the saga's deadline) still ends the reply. The command
            // holds the reply's text, which must not reach the logs: its kind and ids only.
            log.error("could not record the outcome of a reply ({} in {})", command.getClass().getSimpleName(),
                    origin.get(MetadataKeys.TRACE_ID), e);
        }
    }

    private void checkpoint() {
        for (Running run : running.values()) {
            String content = run.takeDirtyContent();
            if (content != null) {
                try {
                    checkpoints.save(run.replyId, content, run.promptTokens);
                } catch (RuntimeException e) {
                    log.warn("checkpoint of reply {} failed", run.replyId, e);
                }
            }
        }
    }

    private void heartbeat() {
        try {
            checkpoints.heartbeat(List.copyOf(running.keySet()));
        } catch (RuntimeException e) {
            log.warn("checkpoint heartbeat failed", e);
        }
    }

    /** Stops the upstream calls and keeps what they produced for the next start's recovery. */
    @Override
    public void close() {
        for (Running run : running.values()) {
            run.halt();
            run.dirty = true;
        }
        checkpoint();
        running.clear();
        timer.shutdownNow();
        workers.shutdownNow();
    }

    /** Retries for failures before the first token; one policy per call, the adapters never retry. */
    public record RetryPolicy(int maxRetries, Duration firstBackoff) {
        Duration backoff(int retry) {
            return firstBackoff.multipliedBy(1L << retry);
        }
    }

    private final class Running {
        final String conversationId;
        final String replyId;
        final ModelSpec spec;
        final MetaData origin;
        final int promptTokens;
        /** How many sources its prompt holds; -1 when its conversation draws on no knowledge. */
        final int sources;
        final CompletionRequest request;
        final long startedAt = System.nanoTime();
        /** What the model produced, counted for usage; clients and the event store only see {@link #released}. */
        private final StringBuilder generated = new StringBuilder();
        private final StringBuilder released = new StringBuilder();
        private final StreamingRedactor redactor;
        volatile long firstTokenAt;
        volatile boolean halted;
        volatile boolean dirty;
        volatile LanguageModel.Call call;

        Running(String conversationId, String replyId, ModelSpec spec, MetaData origin, int promptTokens,
                int sources, CompletionRequest request, StreamingRedactor redactor) {
            this.conversationId = conversationId;
            this.replyId = replyId;
            this.spec = spec;
            this.origin = origin;
            this.promptTokens = promptTokens;
            this.sources = sources;
            this.request = request;
            this.redactor = redactor;
        }

        /**
         * Appends a delta and returns the text that may be shown now: all of it, or with redaction on, what
         * can no longer turn out to be part of personal data (the rest is held back until it is decided).
         */
        synchronized String append(String text) {
            if (generated.isEmpty()) {
                firstTokenAt = System.nanoTime();
            }
            generated.append(text);
            String releasable = redactor == null ? text : redactor.accept(text);
            released.append(releasable);
            dirty = true;
            return releasable;
        }

        /** Releases (redacted) what the redactor still holds back; the generation has ended. */
        synchronized String releaseRest() {
            if (redactor == null) {
                return "";
            }
            String rest = redactor.finish();
            released.append(rest);
            return rest;
        }

        synchronized String released() {
            return released.toString();
        }

        synchronized String generated() {
            return generated.toString();
        }

        synchronized List<String> redactedPii() {
            return redactor == null ? List.of()
                    : redactor.redacted().stream().map(PiiType::wireName).sorted().toList();
        }

        synchronized boolean hasContent() {
            return !generated.isEmpty();
        }

        synchronized String takeDirtyContent() {
            if (!dirty) {
                return null;
            }
            dirty = false;
            return released.toString();
        }

        PartialReply halt() {
            halted = true;
            LanguageModel.Call current = call;
            if (current != null) {
                current.cancel();
            }
            synchronized (this) {
                releaseRest();
                return new PartialReply(released(), spec.id(), PartialReply.charge(generated(), promptTokens, tokens),
                        redactedPii());
            }
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startedAt);
        }
    }
}
