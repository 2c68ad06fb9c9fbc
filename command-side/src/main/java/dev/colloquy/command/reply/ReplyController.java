package dev.colloquy.command.reply;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.EntityId;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.query.FindReply;
import dev.colloquy.kernel.query.ReplyView;
import dev.colloquy.kernel.reply.CancelReply;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Stops a reply: the upstream call ends and what was generated so far is kept as the cancelled reply. */
@RestController
@RequestMapping("/api/v1/replies")
public class ReplyController {
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReplyGenerator generator;

    public ReplyController(CommandGateway commands, QueryGateway queries, ReplyGenerator generator) {
        this.commands = commands;
        this.queries = queries;
        this.generator = generator;
    }

    @PostMapping("/{id}/cancel")
    public ResponseEntity<Map<String, String>> cancel(Caller caller, @PathVariable String id) {
        String replyId = EntityId.parse(id, "id");
        ReplyView reply = queries.query(new FindReply(caller.tenantId(), caller.userId(), replyId),
                        ResponseTypes.optionalInstanceOf(ReplyView.class)).join()
                .orElseThrow(() -> ColloquyException.notFound("reply"));
        Optional<PartialReply> stopped = generator.stop(replyId);
        PartialReply partial = stopped.orElseGet(() -> PartialReply.empty(reply.model()));
        commands.sendAndWait(new CancelReply(reply.conversationId(), replyId, caller.tenantId(), caller.userId(),
                partial.content(), partial.model(), partial.usage(), partial.redactedPii()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("replyId", replyId, "status", "cancelled"));
    }
}
