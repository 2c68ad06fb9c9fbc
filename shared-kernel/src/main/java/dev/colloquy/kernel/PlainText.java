package dev.colloquy.kernel;

import dev.colloquy.kernel.error.ColloquyException;

/**
 * What text Colloquy accepts from anyone: no control characters (C0, DEL, C1; PostgreSQL cannot even store NUL,
 * so one would stop every read model that copies it) and no lone surrogate halves (not text at all). Prose (a
 * message, a system prompt) may hold tabs and line breaks; a name, title, reason or query may not.
 */
public final class PlainText {
    private PlainText() {
    }

    public static void requireProse(String field, String value) {
        require(field, value, true);
    }

    public static void requireSingleLine(String field, String value) {
        require(field, value, false);
    }

    public static boolean isClean(String value, boolean multiLine) {
        return firstFault(value, multiLine) < 0;
    }

    private static void require(String field, String value, boolean multiLine) {
        int at = firstFault(value, multiLine);
        if (at >= 0) {
            throw ColloquyException.invalid(field, String.format("%s contains U+%04X at index %d, which is not "
                    + "allowed here", field, (int) value.charAt(at), at));
        }
    }

    private static int firstFault(String value, boolean multiLine) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                if (!(multiLine && (c == '\n' || c == '\r' || c == '\t'))) {
                    return i;
                }
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return i;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
