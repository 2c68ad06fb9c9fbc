package dev.colloquy.command.model;

import dev.colloquy.kernel.reply.TokenUsage;

/**
 * Receives one streamed completion. Calls come from the adapter's threads, in order, and end with exactly one
 * of {@link #onComplete} or {@link #onFailure}.
 */
public interface CompletionListener {
    void onDelta(String text);

    /** {@code usage} is null when the provider did not report it. */
    void onComplete(String finishReason, TokenUsage usage);

    void onFailure(ModelFailure failure);
}
