package dev.colloquy.kernel.reply;

/** Tokens a reply consumed; a failed or cancelled reply still consumed (and is charged for) what it used. */
public record TokenUsage(long promptTokens, long completionTokens) {
    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
