package dev.colloquy.command.reply;

import dev.colloquy.command.model.TokenCount;
import dev.colloquy.kernel.reply.TokenUsage;
import java.util.List;

/**
 * What a stopped generation had produced (redacted when the tenant redacts personal data, with the kinds
 * redacted), and what it consumed.
 */
public record PartialReply(String content, String model, TokenUsage usage, List<String> redactedPii) {
    public PartialReply {
        redactedPii = List.copyOf(redactedPii);
    }

    public static PartialReply empty(String model) {
        return new PartialReply("", model, TokenUsage.NONE, List.of());
    }

    /**
     * Charges what was generated: nothing if nothing came back, else the prompt plus the tokens of the text so
     * far (the provider's own count is lost with the stopped stream).
     */
    public static PartialReply measured(String content, String model, int promptTokens, TokenCount tokens) {
        return new PartialReply(content, model, charge(content, promptTokens, tokens), List.of());
    }

    /** The charge for a generation stopped after producing {@code generated}. */
    public static TokenUsage charge(String generated, int promptTokens, TokenCount tokens) {
        return generated.isEmpty() ? TokenUsage.NONE : TokenUsage.estimated(promptTokens, tokens.of(generated));
    }
}
