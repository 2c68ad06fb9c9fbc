package dev.colloquy.command.guard;

import java.util.List;

/**
 * User content that passed the guard: the text to store, the invisible characters removed from it
 * (sorted, distinct, e.g. {@code unicode:zero_width_space}) and the injection scan of that text.
 */
public record ScreenedInput(String text, List<String> stripped, InjectionScan scan) {
    public ScreenedInput {
        stripped = List.copyOf(stripped);
    }
}
