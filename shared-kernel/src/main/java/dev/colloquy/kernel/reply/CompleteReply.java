package dev.colloquy.kernel.reply;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CompleteReply(@TargetAggregateIdentifier String conversationId, String replyId, String content,
                            String model, String finishReason, TokenUsage usage, long timeToFirstTokenMillis,
                            long latencyMillis, List<String> redactedPii) {
    public CompleteReply {
        redactedPii = redactedPii == null ? List.of() : List.copyOf(redactedPii);
    }
}
