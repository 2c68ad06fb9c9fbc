package dev.colloquy.query.search;

import dev.colloquy.kernel.error.ColloquyException;

/** Text a person searches for ({@code q}): bounded, and matched literally, its %, _ and \ escaped. */
public final class SearchText {
    static final int MAX_LENGTH = 200;

    private SearchText() {
    }

    /** Refuses a {@code q} longer than the bound with a 400; answers it unchanged otherwise, null included. */
    public static String checked(String q) {
        if (q != null && q.length() > MAX_LENGTH) {
            throw ColloquyException.invalid("q", "q is longer than " + MAX_LENGTH + " characters");
        }
        return q;
    }

    /** The SQL LIKE pattern {@code %text%}, or null when there is nothing to search for. */
    public static String containing(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
