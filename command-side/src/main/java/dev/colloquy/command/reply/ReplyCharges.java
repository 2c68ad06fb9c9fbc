package dev.colloquy.command.reply;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.colloquy.kernel.usage.RecordUsage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a reply's charge once the saga's batch has committed, on a thread of its own, without waiting for it.
 * Sent inside the batch, a charge held the conversation's and its owner's quota rows until the whole batch
 * committed, and two workers deadlocked on them; sent apart but waited for, it held the batch's connection while it
 * needed another, and under load (64 streams) the pool ran dry for seconds, long enough for another node to take
 * the segment. Not waiting is safe: the saga keeps the charge and sends it again at its charge deadline until the
 * conversation's {@code UsageRecorded} ends it. The command keeps the saga event's correlation data.
 */
public class ReplyCharges {
    private static final Logger log = LoggerFactory.getLogger(ReplyCharges.class);

    private final CommandGateway commands;
    private final Executor executor;

    public ReplyCharges(CommandGateway commands) {
        this(commands, Executors.newVirtualThreadPerTaskExecutor());
    }

    ReplyCharges(CommandGateway commands, Executor executor) {
        this.commands = commands;
        this.executor = executor;
    }

    public void send(RecordUsage charge) {
        MetaData correlation = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().getCorrelationData()
                : MetaData.emptyInstance();
        CommandMessage<Object> message = asCommandMessage(charge).andMetaData(correlation);
        Runnable dispatch = () -> executor.execute(() -> commands.send(message).exceptionally(failure -> {
            log.info("charge of reply {} not recorded yet ({}); its saga sends it again", charge.replyId(),
                    failure.toString());
            return null;
        }));
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(uow -> dispatch.run());
        } else {
            dispatch.run();
        }
    }
}
