package dev.colloquy.command.reply;

import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.query.FindReply;
import dev.colloquy.kernel.query.ReplyView;
import dev.colloquy.kernel.reply.CancelReply;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

/**
 * Stops a reply where it is generated, and records it cancelled with what it produced and used. A reply generated
 * on another node is stopped by that node (it alone holds the text and the upstream call); one no node generates
 * any more (not started, or its node gone) is recorded cancelled here.
 */
public class ReplyCancellation {
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReplyGenerator generator;
    private final ReplyOwners owners;

    public ReplyCancellation(CommandGateway commands, QueryGateway queries, ReplyGenerator generator,
                             ReplyOwners owners) {
        this.commands = commands;
        this.queries = queries;
        this.generator = generator;
        this.owners = owners;
    }

    /** The caller's cancel: 404 for a reply that is not theirs. */
    public void cancel(String tenantId, String userId, String replyId) {
        ReplyView reply = find(tenantId, userId, replyId).orElseThrow(() -> ColloquyException.notFound("reply"));
        Optional<PartialReply> stopped = generator.stop(replyId);
        if (stopped.isEmpty() && owners.cancelElsewhere(replyId, tenantId, userId)) {
            return;
        }
        record(reply, tenantId, userId, stopped.orElseGet(() -> PartialReply.empty(reply.model())));
    }

    /** Another node's caller asked: stop the reply if it runs here; if it does not, nothing is recorded. */
    public void cancelHere(String tenantId, String userId, String replyId) {
        generator.stop(replyId).ifPresent(partial -> find(tenantId, userId, replyId)
                .ifPresent(reply -> record(reply, tenantId, userId, partial)));
    }

    private Optional<ReplyView> find(String tenantId, String userId, String replyId) {
        return queries.query(new FindReply(tenantId, userId, replyId),
                ResponseTypes.optionalInstanceOf(ReplyView.class)).join();
    }

    private void record(ReplyView reply, String tenantId, String userId, PartialReply partial) {
        commands.sendAndWait(new CancelReply(reply.conversationId(), reply.id(), tenantId, userId,
                partial.content(), partial.model(), partial.usage(), partial.redactedPii()));
    }
}
