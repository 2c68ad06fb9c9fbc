package dev.colloquy.kernel.reply;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent on the user's behalf ({@code actorId} is checked against the owner) with what was generated so far. */
public record CancelReply(@TargetAggregateIdentifier String conversationId, String replyId, String tenantId,
                          String actorId, String partialContent, String model, TokenUsage usage,
                          List<String> redactedPii) {
    public CancelReply {
        redactedPii = redactedPii == null ? List.of() : List.copyOf(redactedPii);
    }
}
