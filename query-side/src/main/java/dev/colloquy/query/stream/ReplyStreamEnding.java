package dev.colloquy.query.stream;

import dev.colloquy.kernel.reply.ReplyCancelled;
import dev.colloquy.kernel.reply.ReplyCompleted;
import dev.colloquy.kernel.reply.ReplyFailed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Ends each reply stream with its stored outcome. Runs in a subscribing processor, i.e. as the outcome is
 * stored, and publishes after the commit: a stream never announces an ending the event store does not hold.
 */
@Component
@ProcessingGroup(ReplyStreamEnding.GROUP)
public class ReplyStreamEnding {
    public static final String GROUP = "reply-stream-ending";

    private final ReplyFanOut fanOut;

    public ReplyStreamEnding(ReplyFanOut fanOut) {
        this.fanOut = fanOut;
    }

    @EventHandler
    void on(ReplyCompleted event) {
        afterCommit(event.replyId(), StreamEvent.of(event));
    }

    @EventHandler
    void on(ReplyFailed event) {
        afterCommit(event.replyId(), StreamEvent.of(event));
    }

    @EventHandler
    void on(ReplyCancelled event) {
        afterCommit(event.replyId(), StreamEvent.of(event));
    }

    private void afterCommit(String replyId, StreamEvent terminal) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(uow -> fanOut.finish(replyId, terminal));
        } else {
            fanOut.finish(replyId, terminal);
        }
    }
}
