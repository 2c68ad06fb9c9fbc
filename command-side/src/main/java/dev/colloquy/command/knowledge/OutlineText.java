package dev.colloquy.command.knowledge;

/** The outline's common rules: one kind of line break, no control characters but tab and form feed. */
final class OutlineText {
    private OutlineText() {
    }

    static String clean(String text) {
        String unified = text.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(unified.length());
        unified.codePoints().forEach(c -> {
            if (c == '\n' || c == '\t' || c == '\f' || !Character.isISOControl(c)) {
                out.appendCodePoint(c == '\t' ? ' ' : c);
            }
        });
        // three or more line breaks say no more than two
        return out.toString().replaceAll("[ \\u00A0]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }

    /** One line of inline text: runs of blanks and line breaks become one space. */
    static String line(String text) {
        return clean(text).replaceAll("\\s+", " ").strip();
    }
}
