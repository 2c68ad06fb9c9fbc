package dev.colloquy.command.reply;

import dev.colloquy.command.model.ModelCatalogue;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.reply.FailReply;
import dev.colloquy.kernel.reply.ReplyCancelled;
import dev.colloquy.kernel.reply.ReplyCompleted;
import dev.colloquy.kernel.reply.ReplyFailed;
import dev.colloquy.kernel.reply.ReplyRequested;
import dev.colloquy.kernel.reply.TokenUsage;
import dev.colloquy.kernel.usage.RecordUsage;
import dev.colloquy.kernel.usage.UsageRecorded;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reply, from its request to its charge: starts the generation, fails the reply if it never ends, and
 * records its usage exactly once whatever way it ended. It ends with the charge's {@code UsageRecorded}, not with
 * the reply's ending, so a charge lost with its node is sent again.
 */
@Saga
public class ReplySaga {
    static final String DEADLINE = "reply-deadline";
    static final String CHARGE_DEADLINE = "reply-charge-deadline";
    /** How long the charge's event may take before the saga sends the charge again. */
    static final Duration CHARGE_RETRY = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(ReplySaga.class);

    private String conversationId;
    private String replyId;
    private String model;
    private String deadlineId;
    private RecordUsage charge;
    private String chargeDeadlineId;

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

    @SagaEventHandler(associationProperty = "replyId")
    public void on(ReplyCompleted event, @Timestamp Instant endedAt, ReplyGenerator generator, ReplyCharges charges,
                   ModelCatalogue catalogue, DeadlineManager deadlines) {
        end(event.model(), event.usage(), endedAt, generator, charges, catalogue, deadlines);
    }

    @SagaEventHandler(associationProperty = "replyId")
    public void on(ReplyFailed event, @Timestamp Instant endedAt, ReplyGenerator generator, ReplyCharges charges,
                   ModelCatalogue catalogue, DeadlineManager deadlines) {
        end(event.model(), event.usage(), endedAt, generator, charges, catalogue, deadlines);
    }

    @SagaEventHandler(associationProperty = "replyId")
    public void on(ReplyCancelled event, @Timestamp Instant endedAt, ReplyGenerator generator, ReplyCharges charges,
                   ModelCatalogue catalogue, DeadlineManager deadlines) {
        end(event.model(), event.usage(), endedAt, generator, charges, catalogue, deadlines);
    }

    /** The deadline message comes first: Axon takes a handler's first parameter as its payload. */
    @DeadlineHandler(deadlineName = DEADLINE)
    public void onDeadline(DeadlineMessage<?> deadline, ReplyGenerator generator, CommandGateway commands) {
        PartialReply partial = generator.stop(replyId).orElseGet(() -> PartialReply.empty(model));
        commands.sendAndWait(new FailReply(conversationId, replyId, ErrorCode.LLM_TIMEOUT.name(),
                "the reply did not finish in time", partial.content(), partial.model(), partial.usage(),
                partial.redactedPii()));
    }

    /** The charge's event ends the saga: the reply is paid for. */
    @EndSaga
    @SagaEventHandler(associationProperty = "replyId")
    public void on(UsageRecorded event, DeadlineManager deadlines) {
        deadlines.cancelSchedule(CHARGE_DEADLINE, chargeDeadlineId);
    }

    /**
     * The charge's event has not come (the node that sent it died, or the conversation was busy): sent again, and
     * waited for this time. Recorded now or before, the saga has nothing left to do; a refusal other than a
     * reply still in flight is an answer, and is logged for finance.
     */
    @DeadlineHandler(deadlineName = CHARGE_DEADLINE)
    public void onChargeDue(DeadlineMessage<?> deadline, CommandGateway commands, DeadlineManager deadlines) {
        try {
            commands.sendAndWait(charge);
            SagaLifecycle.end();
        } catch (ColloquyException refused) {
            if (refused.code() == ErrorCode.CONFLICT) {
                chargeDeadlineId = deadlines.schedule(CHARGE_RETRY, CHARGE_DEADLINE);
            } else {
                log.error("reply {} cannot be charged ({}): {}", replyId, refused.code(), charge);
                SagaLifecycle.end();
            }
        } catch (AggregateNotFoundException gone) {
            log.error("reply {} cannot be charged: its conversation {} does not exist: {}", replyId, conversationId,
                    charge);
            SagaLifecycle.end();
        } catch (RuntimeException e) {
            log.warn("charge of reply {} failed again; retried in {}", replyId, CHARGE_RETRY, e);
            chargeDeadlineId = deadlines.schedule(CHARGE_RETRY, CHARGE_DEADLINE);
        }
    }

    /** Priced at the reply's end, so a price change applies to replies that end after it, never before. */
    private void end(String endedModel, TokenUsage usage, Instant endedAt, ReplyGenerator generator,
                     ReplyCharges charges, ModelCatalogue catalogue, DeadlineManager deadlines) {
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
        charge = new RecordUsage(conversationId, replyId, charged, consumed.promptTokens(),
                consumed.completionTokens(), cost, consumed.estimated());
        chargeDeadlineId = deadlines.schedule(CHARGE_RETRY, CHARGE_DEADLINE);
        charges.send(charge);
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

    public RecordUsage getCharge() {
        return charge;
    }

    public void setCharge(RecordUsage charge) {
        this.charge = charge;
    }

    public String getChargeDeadlineId() {
        return chargeDeadlineId;
    }

    public void setChargeDeadlineId(String chargeDeadlineId) {
        this.chargeDeadlineId = chargeDeadlineId;
    }
}
