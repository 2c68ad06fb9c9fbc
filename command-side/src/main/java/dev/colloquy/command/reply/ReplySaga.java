package dev.colloquy.command.reply;

import dev.colloquy.command.model.ModelCatalogue;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.reply.FailReply;
import dev.colloquy.kernel.reply.ReplyCancelled;
import dev.colloquy.kernel.reply.ReplyCompleted;
import dev.colloquy.kernel.reply.ReplyFailed;
import dev.colloquy.kernel.reply.ReplyRequested;
import dev.colloquy.kernel.reply.TokenUsage;
import dev.colloquy.kernel.usage.RecordUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reply, from its request to its charge: starts the generation, fails the reply if it never ends, and
 * records its usage exactly once whatever way it ended.
 */
@Saga
public class ReplySaga {
    static final String DEADLINE = "reply-deadline";
    private static final Logger log = LoggerFactory.getLogger(ReplySaga.class);
    private static final Executor APART = Executors.newVirtualThreadPerTaskExecutor();

    private String conversationId;
    private String replyId;
    private String model;
    private String deadlineId;

    @StartSaga
    @SagaEventHandler(associationProperty = "replyId")
    public void on(ReplyRequested event, MetaData metaData, ReplyGenerator generator, DeadlineManager deadlines,
                   ReplyTimeout timeout) {
        conversationId = event.conversationId();
        replyId = event.replyId();
        model = event.model();
        deadlineId = deadlines.schedule(timeout.value(), DEADLINE);
        generator.begin(event, metaData);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "replyId")
    public void on(ReplyCompleted event, @Timestamp Instant endedAt, ReplyGenerator generator, CommandGateway commands,
                   ModelCatalogue catalogue, DeadlineManager deadlines) {
        end(event.model(), event.usage(), endedAt, generator, commands, catalogue, deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "replyId")
    public void on(ReplyFailed event, @Timestamp Instant endedAt, ReplyGenerator generator, CommandGateway commands,
                   ModelCatalogue catalogue, DeadlineManager deadlines) {
        end(event.model(), event.usage(), endedAt, generator, commands, catalogue, deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "replyId")
    public void on(ReplyCancelled event, @Timestamp Instant endedAt, ReplyGenerator generator, CommandGateway commands,
                   ModelCatalogue catalogue, DeadlineManager deadlines) {
        end(event.model(), event.usage(), endedAt, generator, commands, catalogue, deadlines);
    }

    /** The deadline message comes first: Axon takes a handler's first parameter as its payload. */
    @DeadlineHandler(deadlineName = DEADLINE)
    public void onDeadline(DeadlineMessage<?> deadline, ReplyGenerator generator, CommandGateway commands) {
        PartialReply partial = generator.stop(replyId).orElseGet(() -> PartialReply.empty(model));
        commands.sendAndWait(new FailReply(conversationId, replyId, ErrorCode.LLM_TIMEOUT.name(),
                "the reply did not finish in time", partial.content(), partial.model(), partial.usage(),
                partial.redactedPii()));
    }

    /** Priced at the reply's end, so a price change applies to replies that end after it, never before. */
    private void end(String endedModel, TokenUsage usage, Instant endedAt, ReplyGenerator generator,
                     CommandGateway commands, ModelCatalogue catalogue, DeadlineManager deadlines) {
        deadlines.cancelSchedule(DEADLINE, deadlineId);
        generator.ended(replyId);
        String charged = endedModel == null ? model : endedModel;
        TokenUsage consumed = usage == null ? TokenUsage.NONE : usage;
        var cost = catalogue.find(charged).map(spec -> ModelCatalogue.cost(spec, consumed, endedAt)).orElse(null);
        if (cost == null) {
            // Never bill an unknown model at $0: the conversation prices it as the node that started the reply
            // did, and if none could, the ledger shows it unpriced for finance to settle.
            log.warn("reply {} used model {}, which is not in this node's catalogue; priced at the prices it "
                    + "started at, if any", replyId, charged);
        }
        sendApart(commands, new RecordUsage(conversationId, replyId, charged, consumed.promptTokens(),
                consumed.completionTokens(), cost, consumed.estimated()));
        SagaLifecycle.end();
    }

    /**
     * Sends the command in a transaction of its own, not the saga batch's. Inside the batch it held the
     * conversation's and its owner's quota rows until the whole batch committed, so two workers, each with some
     * replies, locked them in different orders and deadlocked; apart, each charge locks one reply's rows
     * briefly. A batch retried after the charge committed charges nothing twice: the conversation records a
     * reply's usage once. The command keeps the saga event's correlation data (tenant, actor, trace id).
     */
    private static void sendApart(CommandGateway commands, Object command) {
        MetaData correlation = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().getCorrelationData()
                : MetaData.emptyInstance();
        CommandMessage<Object> message = GenericCommandMessage.asCommandMessage(command).andMetaData(correlation);
        try {
            CompletableFuture.runAsync(() -> commands.sendAndWait(message), APART).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    /** How long a reply may take before its saga fails it. */
    public record ReplyTimeout(Duration value) {
    }

    // Jackson serializes the saga's state through these accessors.
    public String getConversationId() {
        return conversationId;
    }

    public void setConversationId(String conversationId) {
        this.conversationId = conversationId;
    }

    public String getReplyId() {
        return replyId;
    }

    public void setReplyId(String replyId) {
        this.replyId = replyId;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public String getDeadlineId() {
        return deadlineId;
    }

    public void setDeadlineId(String deadlineId) {
        this.deadlineId = deadlineId;
    }
}
