package dev.colloquy.kernel.reply;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record FailReply(@TargetAggregateIdentifier String conversationId, String replyId, String errorCode,
                        String message, String partialContent, String model, TokenUsage usage) {
}
