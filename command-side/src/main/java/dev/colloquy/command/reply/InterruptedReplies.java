package dev.colloquy.command.reply;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.colloquy.command.model.TokenCount;
import dev.colloquy.kernel.MetadataKeys;
import dev.colloquy.kernel.error.ErrorCode;
import dev.colloquy.kernel.reply.FailReply;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends, as failed with their partial content, the replies whose node stopped while generating them: at start-up
 * the ones this node left behind, and periodically those of nodes that went silent.
 */
public class InterruptedReplies {
    private static final Logger log = LoggerFactory.getLogger(InterruptedReplies.class);

    private final ReplyCheckpoints checkpoints;
    private final CommandGateway commands;
    private final TokenCount tokens;
    private final Duration staleAfter;
    private final Instant startedAt;

    /** Created at start-up: rows this node wrote before that moment belong to its previous run. */
    public InterruptedReplies(ReplyCheckpoints checkpoints, CommandGateway commands, TokenCount tokens,
                              Duration staleAfter) {
        this.checkpoints = checkpoints;
        this.commands = commands;
        this.tokens = tokens;
        this.staleAfter = staleAfter;
        this.startedAt = checkpoints.databaseNow();
    }

    /** Returns how many replies it ended. */
    public int sweep() {
        int ended = 0;
        for (ReplyCheckpoints.Checkpoint orphan : checkpoints.orphaned(startedAt, staleAfter)) {
            PartialReply partial = PartialReply.measured(orphan.content(), orphan.model(), orphan.promptTokens(),
                    tokens);
            Map<String, Object> origin = new HashMap<>();
            putIfPresent(origin, MetadataKeys.TENANT, orphan.tenantId());
            putIfPresent(origin, MetadataKeys.ACTOR, orphan.actorId());
            putIfPresent(origin, MetadataKeys.TRACE_ID, orphan.traceId());
            try {
                commands.sendAndWait(asCommandMessage(new FailReply(orphan.conversationId(), orphan.replyId(),
                        ErrorCode.REPLY_INTERRUPTED.name(), "the node generating this reply stopped",
                        partial.content(), partial.model(), partial.usage(), partial.redactedPii()))
                        .andMetaData(MetaData.from(origin)));
                ended++;
            } catch (RuntimeException e) {
                log.warn("could not end interrupted reply {}", orphan.replyId(), e);
            }
        }
        if (ended > 0) {
            log.info("ended {} interrupted replies with their partial content", ended);
        }
        return ended;
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
