package dev.colloquy.kernel.reply;

/**
 * Tokens a reply consumed; a failed or cancelled reply still consumed (and is charged for) what it used.
 * {@code estimated} when the upstream reported no count (a cut, cancelled or crashed stream) and the tokens were
 * counted here with a tokenizer, which can differ from the provider's own count by a few per cent.
 */
public record TokenUsage(long promptTokens, long completionTokens, boolean estimated) {
    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    /** Counts the upstream reported. */
    public TokenUsage(long promptTokens, long completionTokens) {
        this(promptTokens, completionTokens, false);
    }

    public static TokenUsage estimated(long promptTokens, long completionTokens) {
        return new TokenUsage(promptTokens, completionTokens, true);
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
