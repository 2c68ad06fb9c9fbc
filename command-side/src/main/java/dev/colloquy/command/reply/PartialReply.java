package dev.colloquy.command.reply;

import dev.colloquy.command.model.TokenCount;
import dev.colloquy.kernel.reply.TokenUsage;

/** What a stopped generation had produced, and what it consumed. */
public record PartialReply(String content, String model, TokenUsage usage) {
    public static PartialReply empty(String model) {
        return new PartialReply("", model, TokenUsage.NONE);
    }

    /**
     * Charges what was generated: nothing if nothing came back, else the prompt plus the tokens of the text so
     * far (the provider's own count is lost with the stopped stream).
     */
    public static PartialReply measured(String content, String model, int promptTokens, TokenCount tokens) {
        TokenUsage usage = content.isEmpty() ? TokenUsage.NONE : new TokenUsage(promptTokens, tokens.of(content));
        return new PartialReply(content, model, usage);
    }
}
