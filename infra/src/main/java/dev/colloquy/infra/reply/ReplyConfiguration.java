package dev.colloquy.infra.reply;

import dev.colloquy.command.account.AccountCache;
import dev.colloquy.command.conversation.ConversationController.DefaultModel;
import dev.colloquy.command.conversation.DialogueLimits;
import dev.colloquy.command.conversation.ReadModelBarrier;
import dev.colloquy.command.guard.InjectionScanner;
import dev.colloquy.command.model.LanguageModel;
import dev.colloquy.command.model.LanguageModels;
import dev.colloquy.command.model.ModelCatalogue;
import dev.colloquy.command.model.ModelSpec;
import dev.colloquy.command.model.TokenCount;
import dev.colloquy.command.reply.Grounding;
import dev.colloquy.command.reply.InterruptedReplies;
import dev.colloquy.command.reply.RedactionPolicy;
import dev.colloquy.command.reply.ReplyCancellation;
import dev.colloquy.command.reply.ReplyCharges;
import dev.colloquy.command.reply.ReplyCheckpoints;
import dev.colloquy.command.reply.ReplyDeltaSink;
import dev.colloquy.command.reply.ReplyGenerator;
import dev.colloquy.command.reply.ReplySaga.ReplyTimeout;
import dev.colloquy.command.reply.ReplyTelemetry;
import dev.colloquy.command.reply.Retrieval;
import dev.colloquy.command.reply.StreamedReplyGenerator;
import dev.colloquy.infra.ColloquyProperties;
import dev.colloquy.infra.node.NodeName;
import dev.colloquy.projections.conversation.ProjectionProgress;
import dev.colloquy.query.stream.ReplyFanOut;
import dev.colloquy.query.stream.ReplyStreamController.StreamHeartbeat;
import dev.colloquy.query.stream.StreamEvent;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.jdbi.v3.core.Jdbi;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the reply pipeline: catalogue, generator, fan-out, checkpoints and the read-your-writes barrier. */
@Configuration
public class ReplyConfiguration {

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public ModelCatalogue modelCatalogue(ColloquyProperties properties, List<LanguageModel> adapters) {
        List<ModelSpec> specs = properties.models().catalogue();
        Set<String> providers = adapters.stream().map(LanguageModel::provider).collect(Collectors.toSet());
        for (ModelSpec spec : specs) {
            if (!providers.contains(spec.provider())) {
                throw new IllegalStateException("model " + spec.id() + " needs provider " + spec.provider()
                        + ", which is not configured (available: " + providers + ")");
            }
        }
        ModelCatalogue catalogue = new ModelCatalogue(specs);
        if (catalogue.find(properties.models().defaultModel()).isEmpty()) {
            throw new IllegalStateException("colloquy.models.default-model " + properties.models().defaultModel()
                    + " is not in the catalogue");
        }
        return catalogue;
    }

    @Bean
    public DefaultModel defaultModel(ColloquyProperties properties) {
        return new DefaultModel(properties.models().defaultModel());
    }

    @Bean
    public LanguageModels languageModels(List<LanguageModel> adapters) {
        return new LanguageModels(adapters);
    }

    @Bean
    public TokenCount tokenCount() {
        return new TokenCount();
    }

    @Bean
    public DialogueLimits dialogueLimits(ColloquyProperties properties) {
        var limits = properties.limits();
        return new DialogueLimits(limits.maxTitleChars(), limits.maxSystemPromptChars());
    }

    @Bean
    public ReplyCharges replyCharges(CommandGateway commands) {
        return new ReplyCharges(commands);
    }

    @Bean
    public ReplyTimeout replyTimeout(ColloquyProperties properties) {
        return new ReplyTimeout(properties.replies().timeout());
    }

    @Bean
    public StreamHeartbeat streamHeartbeat(ColloquyProperties properties) {
        return new StreamHeartbeat(properties.replies().heartbeat());
    }

    @Bean
    public PostgresReplyRelay replyRelay(DataSource dataSource, ReplyCheckpoints checkpoints,
                                         ColloquyProperties properties) {
        return new PostgresReplyRelay(dataSource, checkpoints, properties.replies().staleAfter());
    }

    @Bean
    public ReplyFanOut replyFanOut(ColloquyProperties properties, PostgresReplyRelay relay,
                                   ObjectProvider<ReplyCancellation> cancellation) {
        ReplyFanOut fanOut = new ReplyFanOut(properties.replies().coalesceWindow(), properties.replies().retention(),
                relay);
        relay.deliverTo(fanOut, cancellation::getObject);
        return fanOut;
    }

    @Bean
    public ReplyCancellation replyCancellation(CommandGateway commands, QueryGateway queries,
                                               ReplyGenerator generator, PostgresReplyRelay relay) {
        return new ReplyCancellation(commands, queries, generator, relay);
    }

    /**
     * Ends the open SSE streams when shutdown begins, before the web server's graceful shutdown, which would
     * otherwise wait its whole timeout for streams that never end by themselves.
     */
    @Bean
    public SmartLifecycle endStreamsOnShutdown(ReplyFanOut fanOut) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                fanOut.close();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;
            }
        };
    }

    @Bean
    public ReplyDeltaSink replyDeltaSink(ReplyFanOut fanOut) {
        return new ReplyDeltaSink() {
            @Override
            public void open(String replyId) {
                fanOut.generating(replyId);
            }

            @Override
            public void delta(String replyId, String text) {
                fanOut.delta(replyId, text);
            }

            @Override
            public void notice(String replyId, String name, Map<String, Object> data) {
                fanOut.open(replyId).notice(new StreamEvent(name, data));
            }

            @Override
            public Optional<String> shown(String replyId) {
                return fanOut.shown(replyId);
            }
        };
    }

    @Bean
    public ProjectionProgress projectionProgress(Jdbi jdbi, ColloquyProperties properties) {
        return new ProjectionProgress(jdbi, properties.replies().readYourWritesWait());
    }

    @Bean
    public ReadModelBarrier readModelBarrier(ProjectionProgress progress) {
        return progress::await;
    }

    @Bean
    public ReplyCheckpoints replyCheckpoints(Jdbi jdbi, ColloquyProperties properties) {
        return new ReplyCheckpoints(jdbi, NodeName.of(properties).value());
    }

    @Bean
    public StreamedReplyGenerator replyGenerator(CommandGateway commands, ModelCatalogue catalogue,
                                                 LanguageModels models, TokenCount tokens, ReplyDeltaSink sink,
                                                 ReplyTelemetry telemetry, ReplyCheckpoints checkpoints,
                                                 AccountCache accounts, Retrieval retrieval,
                                                 ColloquyProperties properties) {
        var replies = properties.replies();
        RedactionPolicy redaction = tenant -> accounts.guardPolicy(tenant).redactedPiiTypes();
        Grounding grounding = new Grounding(retrieval, new InjectionScanner(),
                tenant -> accounts.guardPolicy(tenant).blocksInjection(), tokens,
                properties.knowledge().retrievalTopK());
        return new StreamedReplyGenerator(commands, catalogue, models, tokens, sink, telemetry, checkpoints,
                new StreamedReplyGenerator.RetryPolicy(replies.maxRetries(), replies.firstBackoff()), redaction,
                grounding, replies.checkpointInterval());
    }

    @Bean
    public InterruptedReplies interruptedReplies(ReplyCheckpoints checkpoints, CommandGateway commands,
                                                 TokenCount tokens, ReplyDeltaSink sink,
                                                 ColloquyProperties properties) {
        return new InterruptedReplies(checkpoints, commands, tokens, sink, properties.replies().staleAfter());
    }

    /** At start-up, then periodically: replies left behind by a stopped node end as failed. */
    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService interruptedReplySweeper(InterruptedReplies interrupted,
                                                            ColloquyProperties properties) {
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("interrupted-replies").factory());
        // A fifth of the stale time: a dead node's replies end within about 1.2 × stale-after.
        long every = Math.max(1, properties.replies().staleAfter().toSeconds() / 5);
        sweeper.scheduleWithFixedDelay(interrupted::sweep, every, every, TimeUnit.SECONDS);
        return sweeper;
    }

    @Bean
    public ApplicationRunner recoverInterruptedReplies(InterruptedReplies interrupted) {
        return args -> interrupted.sweep();
    }
}
