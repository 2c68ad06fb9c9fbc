package dev.colloquy.kernel;

import dev.colloquy.kernel.error.ColloquyException;

/** A whole number given as request text (a query parameter), within bounds. */
public final class IntegerParameter {
    private IntegerParameter() {
    }

    /** The value of {@code raw}, or a 400 naming {@code field} and its bounds. */
    public static int parse(String raw, String field, int min, int max) {
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ColloquyException.invalid(field, field + " must be an integer from " + min + " to " + max);
    }
}
