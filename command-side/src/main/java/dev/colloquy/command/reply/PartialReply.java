package dev.colloquy.command.reply;

import dev.colloquy.kernel.reply.TokenUsage;

/** What a stopped generation had produced, and what it consumed. */
public record PartialReply(String content, String model, TokenUsage usage) {
    public static PartialReply empty(String model) {
        return new PartialReply("", model, TokenUsage.NONE);
    }
}
