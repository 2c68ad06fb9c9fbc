package dev.colloquy.kernel.conversation;

import java.util.List;

/**
 * What the input guard found in a message: the prompt-injection score (0-100) with the categories that built
 * it, and the invisible characters it stripped ({@code unicode:zero_width_space}, ...).
 */
public record InputScreening(int injectionScore, List<String> injectionCategories, List<String> stripped) {
    public static final InputScreening NONE = new InputScreening(0, List.of(), List.of());

    public InputScreening {
        injectionCategories = injectionCategories == null ? List.of() : List.copyOf(injectionCategories);
        stripped = stripped == null ? List.of() : List.copyOf(stripped);
    }
}
