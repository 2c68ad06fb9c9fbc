package dev.colloquy.command.guard;

import java.util.List;

/**
 * How strongly a text looks like a prompt-injection attempt (0–100) and which kinds of attack it resembles.
 * A tenant with policy {@code flag} records every non-empty scan; one with policy {@code block} refuses only
 * when {@link #blocks()}, because a single topic mention must never cost a user their message.
 */
public record InjectionScan(int score, List<String> categories) {
    public static final int BLOCK_THRESHOLD = 50;
    public static final InjectionScan NONE = new InjectionScan(0, List.of());

    public InjectionScan {
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score must be within 0..100, was " + score);
        }
        categories = categories.stream().distinct().sorted().toList();
    }

    public boolean blocks() {
        return score >= BLOCK_THRESHOLD;
    }
}
