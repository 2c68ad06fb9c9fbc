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

    /**
     * Prose as it may be stored, for text no one can be asked to correct (a model's reply): the control characters
     * a message may not hold are dropped. Surrogates are left alone, as a stream may split a pair between deltas.
     */
    public static String withoutControlCharacters(String prose) {
        if (prose == null) {
            return null;
        }
        StringBuilder kept = null;
        for (int i = 0; i < prose.length(); i++) {
            char c = prose.charAt(i);
            boolean dropped = isForbiddenControl(c, true);
            if (dropped && kept == null) {
                kept = new StringBuilder(prose.length()).append(prose, 0, i);
            } else if (!dropped && kept != null) {
                kept.append(c);
            }
        }
        return kept == null ? prose : kept.toString();
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
            if (isForbiddenControl(c, multiLine) || Character.isLowSurrogate(c)) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return i;
                }
                i++;
            }
        }
        return -1;
    }

    private static boolean isForbiddenControl(char c, boolean multiLine) {
        return Character.isISOControl(c) && !(multiLine && (c == '\n' || c == '\r' || c == '\t'));
    }
}
