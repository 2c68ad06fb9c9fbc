package dev.colloquy.command.guard;

import dev.colloquy.kernel.PlainText;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Screens a user message before it becomes an event: rejects what can never be valid content, removes
 * invisible characters whose only use in a chat message is hiding words from filters, and scores what
 * remains for injection attempts. Everything else, whitespace included, is kept as written: users paste code.
 */
public final class InputGuard {
    private static final Map<Character, String> ZERO_WIDTH = Map.of(
            '\u200B', "unicode:zero_width_space",
            '\u2060', "unicode:word_joiner",
            '\uFEFF', "unicode:bom");

    private final InjectionScanner scanner;

    public InputGuard() {
        this(new InjectionScanner());
    }

    public InputGuard(InjectionScanner scanner) {
        this.scanner = scanner;
    }

    /**
     * @param maxChars limit on the content as submitted, counted in UTF-16 chars ({@link String#length()}) like
     *     the other request limits, so it bounds the work done here too
     * @throws ColloquyException {@link ErrorCode#VALIDATION_ERROR} with detail {@code field=content}
     */
    public ScreenedInput screen(String content, int maxChars) {
        if (content == null || content.isEmpty()) {
            throw ColloquyException.invalid("content", "content must not be empty");
        }
        if (content.length() > maxChars) {
            throw ColloquyException.invalid("content", "content is longer than " + maxChars + " characters");
        }
        PlainText.requireProse("content", content);
        Stripped stripped = stripZeroWidth(content);
        if (stripped.text().isBlank()) {
            throw ColloquyException.invalid("content", "content must not be blank");
        }
        return new ScreenedInput(stripped.text(), stripped.names(), scanner.scan(stripped.text()));
    }

    private static Stripped stripZeroWidth(String content) {
        StringBuilder text = new StringBuilder(content.length());
        TreeSet<String> stripped = new TreeSet<>();
        for (char c : content.toCharArray()) {
            String name = ZERO_WIDTH.get(c);
            if (name == null) {
                text.append(c);
            } else {
                stripped.add(name);
            }
        }
        return new Stripped(text.toString(), List.copyOf(stripped));
    }

    private record Stripped(String text, List<String> names) {}
}
