package dev.colloquy.command.reply;

import dev.colloquy.kernel.reply.ReplyRequested;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

/**
 * Starts a reply on the node that accepted its message, in the same transaction as the message: the model is
 * called as soon as the message commits, without waiting for the saga's processor to pick the event up. The
 * saga still starts any reply this did not (it accepted the message on a node that crashed before committing
 * the claim, say), and owns the deadline and the charge.
 */
@Component
@ProcessingGroup(ReplyKickoff.GROUP)
public class ReplyKickoff {
    public static final String GROUP = "reply-kickoff";

    private final ReplyGenerator generator;

    public ReplyKickoff(ReplyGenerator generator) {
        this.generator = generator;
    }

    @EventHandler
    void on(ReplyRequested event, MetaData metaData) {
        generator.begin(event, metaData);
    }
}
