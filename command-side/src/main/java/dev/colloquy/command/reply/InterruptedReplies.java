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
    private final ReplyDeltaSink shown;
    private final Duration staleAfter;
    private final Instant startedAt;

    /** Created at start-up: rows this node wrote before that moment belong to its previous run. */
    public InterruptedReplies(ReplyCheckpoints checkpoints, CommandGateway commands, TokenCount tokens,
                              ReplyDeltaSink shown, Duration staleAfter) {
        this.checkpoints = checkpoints;
        this.commands = commands;
        this.tokens = tokens;
        this.shown = shown;
        this.staleAfter = staleAfter;
        this.startedAt = checkpoints.databaseNow();
    }

    /** Returns how many replies it ended. */
    public int sweep() {
        int ended = 0;
        for (ReplyCheckpoints.Checkpoint orphan : checkpoints.orphaned(startedAt, staleAfter)) {
            PartialReply partial = PartialReply.measured(kept(orphan), orphan.model(), orphan.promptTokens(), tokens);
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

    /**
     * The checkpoint, or what this node's subscribers were shown when that goes further: the dead node
     * checkpointed once a second, and text a user saw must not vanish from the stored reply.
     */
    private String kept(ReplyCheckpoints.Checkpoint orphan) {
        String checkpointed = orphan.content() == null ? "" : orphan.content();
        return shown.shown(orphan.replyId()).filter(text -> text.startsWith(checkpointed)).orElse(checkpointed);
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
