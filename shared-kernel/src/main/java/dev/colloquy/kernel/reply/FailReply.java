package dev.colloquy.kernel.reply;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record FailReply(@TargetAggregateIdentifier String conversationId, String replyId, String errorCode,
                        String message, String partialContent, String model, TokenUsage usage,
                        List<String> redactedPii) {
    public FailReply {
        redactedPii = redactedPii == null ? List.of() : List.copyOf(redactedPii);
    }
}
