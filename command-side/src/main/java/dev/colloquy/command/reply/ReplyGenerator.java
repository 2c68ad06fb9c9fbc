package dev.colloquy.command.reply;

import dev.colloquy.kernel.reply.ReplyRequested;
import java.util.Optional;
import org.axonframework.messaging.MetaData;

/** Runs the language-model call of a reply, detached from any HTTP connection. */
public interface ReplyGenerator {
    /**
     * Takes charge of a requested reply unless it is already taken (by this or another node). Called inside a
     * unit of work; the call to the model starts only after that unit of work commits, never on the caller's
     * thread.
     */
    void begin(ReplyRequested requested, MetaData origin);

    /** Stops a generation running on this node and answers what it produced; empty if none runs here. */
    Optional<PartialReply> stop(String replyId);

    /** The reply's terminal event is stored: forget it. Called inside the saga's unit of work. */
    void ended(String replyId);
}
